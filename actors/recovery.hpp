// Rebuilding a game from PostgreSQL: the newest snapshot (hash checked), then
// the logged orders of each later turn replayed with resolve_turn, every
// recomputed hash checked against game_turns. Used on activation after a
// restart, by POST /restore and by GET /replay.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/game_record.hpp"
#include "game/game.hpp"
#include "persistence/game_reader.hpp"

namespace fourex::actors {

// A stored hash disagrees with the recomputed one; nothing was changed.
class RecoveryError : public std::runtime_error {
 public:
  RecoveryError(int turn_, std::string expected_, std::string actual_,
                const std::string& what)
      : std::runtime_error(what),
        turn(turn_),
        expected(std::move(expected_)),
        actual(std::move(actual_)) {}
  int turn;
  std::string expected;
  std::string actual;
};

// The game (or the asked turn) does not exist. Its own type, so that a
// bug's std::out_of_range (an `.at()` that missed) is a 500, not a 404.
class NotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How many turns back a game remembers request_ids, so that a resend gets
// its first answer instead of wrong_turn.
constexpr int kRememberedRequestTurns = 8;

// An accepted, durable submission.
struct AcceptedOrders {
  game::PlayerId player = 0;
  int turn = 0;
  std::string request_id;
  game::Orders orders;
};

struct RecoveredGame {
  GameRecord record;
  game::State state;
  std::string state_hash;
  int snapshot_turn = 0;       // the snapshot the rebuild started from
  int last_snapshot_turn = 0;  // the newest snapshot stored
  int replayed_turns = 0;
  std::vector<AcceptedOrders> pending;  // for the current turn
  std::vector<AcceptedOrders> recent;   // of the last turns, for request_id
  // Rows the rebuild recomputed that were lost (turn rows of turns resolved
  // just before a crash, the games row's progress).
  persistence::WriteBatch repairs;
};

struct RecoveryLimits {
  // Start from the newest snapshot at or before this many completed turns.
  std::optional<int> snapshot_at_most;
  // Stop after this many completed turns (replay); otherwise replay all.
  std::optional<int> stop_at;
};

// Throws RecoveryError on a hash mismatch, NotFound when the game
// or the asked turn does not exist, persistence::DatabaseUnavailable.
RecoveredGame recover_game(persistence::GameReader& reader,
                           const std::string& game_id,
                           const RecoveryLimits& limits = {});

}  // namespace fourex::actors
