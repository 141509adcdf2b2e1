#include "actors/recovery.hpp"

#include <algorithm>
#include <map>

#include "actors/game_rows.hpp"
#include "game/replay.hpp"

namespace fourex::actors {
namespace {

using OrdersByTurn = std::map<int, std::vector<AcceptedOrders>>;

OrdersByTurn parse_actions(const game::State& start,
                           const std::vector<persistence::ActionRow>& rows) {
  OrdersByTurn by_turn;
  for (const auto& row : rows) {
    auto player = game::find_player(start, row.player);
    if (!player) continue;  // not a player of this game: ignore the row
    by_turn[row.turn].push_back(
        {.player = *player,
         .turn = row.turn,
         .request_id = row.request_id,
         .orders = game::parse_orders(row.actions_json)});
  }
  return by_turn;
}

bool everyone_submitted(const game::State& state,
                        const std::vector<AcceptedOrders>& submitted) {
  for (std::size_t p = 0; p < state.players.size(); ++p) {
    if (!state.players[p].alive) continue;
    bool found = std::any_of(submitted.begin(), submitted.end(),
                             [&](const AcceptedOrders& a) {
                               return a.player == static_cast<int>(p);
                             });
    if (!found) return false;
  }
  return true;
}

void check_snapshot(const persistence::SnapshotRow& snapshot,
                    const game::State& state) {
  auto stored_bytes_hash = game::sha256_hex(snapshot.state_json);
  if (stored_bytes_hash != snapshot.state_hash)
    throw RecoveryError(snapshot.turn, snapshot.state_hash, stored_bytes_hash,
                        "snapshot at turn " + std::to_string(snapshot.turn) +
                            " does not match its hash");
  auto canonical = game::state_hash(state);
  if (canonical != snapshot.state_hash)
    throw RecoveryError(snapshot.turn, snapshot.state_hash, canonical,
                        "snapshot at turn " + std::to_string(snapshot.turn) +
                            " is not in canonical form");
}

}  // namespace

RecoveredGame recover_game(persistence::GameReader& reader,
                           const std::string& game_id,
                           const RecoveryLimits& limits) {
  auto row = reader.game(game_id);
  if (!row) throw NotFound("no game '" + game_id + "'");
  RecoveredGame out;
  out.record = record_from_row(*row);

  auto snapshot =
      reader.latest_snapshot(game_id, limits.snapshot_at_most.value_or(-1));
  if (snapshot) {
    out.state = game::state_from_json(snapshot->state_json);
    check_snapshot(*snapshot, out.state);
    out.snapshot_turn = snapshot->turn;
  } else {
    out.state = game::new_game(out.record.settings.config);
  }
  auto snapshots = reader.snapshot_turns(game_id);
  out.last_snapshot_turn = snapshots.empty() ? 0 : snapshots.back();

  // The turns after the snapshot are replayed; the request_ids of a few
  // turns before it are only remembered, so that a resend still gets its
  // first answer when a snapshot fell between the two.
  const int first = out.snapshot_turn + 1;
  const int remembered_from = std::max(
      1, std::min(first, row->completed_turns + 1 - kRememberedRequestTurns));
  auto by_turn =
      parse_actions(out.state, reader.actions_from(game_id, remembered_from));
  for (auto it = by_turn.begin(); it != by_turn.end() && it->first < first;) {
    for (auto& a : it->second) out.recent.push_back(std::move(a));
    it = by_turn.erase(it);
  }
  std::map<int, persistence::TurnRow> logged;
  for (auto& t : reader.turns(game_id, first, 1 << 30))
    logged[t.turn] = std::move(t);

  // Turns known to be resolved: those with a turn row, those before a turn
  // that took orders, and those the games row counted.
  int resolved = row->completed_turns;
  if (!logged.empty()) resolved = std::max(resolved, logged.rbegin()->first);
  if (!by_turn.empty())
    resolved = std::max(resolved, by_turn.rbegin()->first - 1);
  if (limits.stop_at) {
    if (*limits.stop_at > resolved)
      throw NotFound("turn " + std::to_string(*limits.stop_at) +
                     " has not been played");
    resolved = *limits.stop_at;
  }

  auto hash = game::state_hash(out.state);
  while (!out.state.finished) {
    const int t = out.state.turn;
    auto& submitted = by_turn[t];
    // Past the known resolved turns, a turn every alive player had
    // submitted for was resolving when the server stopped: resolve it too.
    bool due = t <= resolved ||
               (!limits.stop_at && everyone_submitted(out.state, submitted));
    if (!due) break;
    std::map<game::PlayerId, game::Orders> orders;
    for (const auto& a : submitted) orders[a.player] = a.orders;
    auto replayed = game::replay_turn(out.state, orders);
    hash = replayed.state_hash;
    ++out.replayed_turns;
    if (auto it = logged.find(t); it != logged.end()) {
      if (it->second.state_hash != hash)
        throw RecoveryError(t, it->second.state_hash, hash,
                            game::hash_mismatch_message(t));
    } else {
      out.repairs.turns.push_back(
          turn_row(game_id, t, hash, game::events_to_json(replayed.events), 0));
    }
    for (auto& a : submitted) out.recent.push_back(std::move(a));
  }
  out.state_hash = hash;
  out.pending = std::move(by_turn[out.state.turn]);
  // The turn rows lost with the process took their gauges with them.
  if (!out.repairs.turns.empty())
    out.repairs.stats = gauges_of(game_id, out.state);

  out.record.settle(out.state);
  if (row->completed_turns != game::completed_turns(out.state) ||
      row->status != out.record.status) {
    out.repairs.game_updates.push_back(
        progress_update(out.record, out.state, out.state_hash));
  }
  return out;
}

}  // namespace fourex::actors
