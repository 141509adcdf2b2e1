// Who asks, and whose share of a game's history the answer holds: the
// information policy of API.md in one place. While a game is on, nobody but
// the admin reads another player's orders, messages or anything outside
// their own fog of war; a finished game's history is open to anyone when
// PUBLIC_HISTORY is on.
#pragma once

#include <string>

#include "actors/game_record.hpp"
#include "actors/result.hpp"

namespace fourex::actors {

// Who sent a request, as the runtime established it.
struct Principal {
  bool admin = false;
  std::string token_hash;  // empty for the admin, and for no token at all
  bool anonymous() const { return !admin && token_hash.empty(); }
};

struct Audience {
  // The admin, or anyone once a finished game's history is public.
  bool everything = false;
  // Otherwise this player's share (its own orders, the events it was party
  // to, its own statistics); empty: the public facts only (turns, hashes,
  // scores, eliminations, the end).
  std::string player;
};

// The audience of a history read of `record`'s game, or the 401 to answer
// when a token is not one of this game's (the runtime already answered 403
// for a token of another game).
Expected<Audience> audience_of(const GameRecord& record, const Principal& who,
                               bool public_history);

}  // namespace fourex::actors
