#include "actors/audience.hpp"

namespace fourex::actors {

Expected<Audience> audience_of(const GameRecord& record, const Principal& who,
                               bool public_history) {
  std::optional<game::PlayerId> own;
  if (!who.admin && !who.anonymous()) {
    own = record.player_by_token(who.token_hash);
    if (!own)
      return Result::failure(ErrorCode::unauthorized,
                             "the token is not valid for this game",
                             "unauthorized");
  }
  if (who.admin || (record.finished() && public_history))
    return Audience{true, {}};
  return Audience{false, own ? record.players[*own].name : std::string()};
}

}  // namespace fourex::actors
