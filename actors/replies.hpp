// The JSON bodies of the runtime's answers (API.md shapes), in one place.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/audience.hpp"
#include "actors/game_record.hpp"
#include "actors/recovery.hpp"
#include "game/game.hpp"
#include "persistence/admin_reader.hpp"
#include "persistence/cluster_store.hpp"
#include "persistence/rows.hpp"

namespace fourex::actors::replies {

struct Progress {
  const GameRecord& record;
  const game::State& state;
  const std::string& state_hash;
  int last_snapshot_turn;
  const std::set<game::PlayerId>& submitted;
};

std::string info(const Progress& p);
std::string view(const Progress& p, game::PlayerId player);
std::string accepted(int turn);
// A dry run of orders: {"turn", "valid", "orders": [{"index", "valid",
// "rule", "message"}]}, one entry per order.
std::string dry_run(int turn, std::size_t orders,
                    const std::vector<game::Violation>& violations);
std::string created(const GameRecord& record,
                    const std::vector<std::string>& tokens);
// The info of a game from its row alone (an archived game has no actor).
std::string listed_info(
    const persistence::GameRow& row,
    const std::map<std::string, persistence::GameListing>& more);
std::string games(const std::vector<persistence::GameRow>& rows,
                  const std::map<std::string, persistence::GameListing>& more,
                  const std::string& next);
// The events of a turn that `audience` may read, as JSON.
std::string events_for(const game::Events& events, const Audience& audience);
// Each turn's orders and events as far as `audience` may read them.
std::string turns(const std::vector<persistence::TurnRow>& rows,
                  const std::vector<persistence::ActionRow>& actions,
                  const Audience& audience);
std::string prompt_logs(const std::vector<persistence::PromptLogRow>& rows);
std::string stats(const std::string& game_id,
                  const std::vector<persistence::PlayerStatsRow>& rows,
                  const Audience& audience);
std::string restored(const RecoveredGame& game);
std::string replay(const std::string& game_id, const RecoveredGame& game);
std::string snapshot_taken(const std::string& game_id, int turn,
                           const std::string& state_hash);
std::string status_changed(const std::string& game_id, game::GameStatus status);
std::string turn_event(int turn, const std::string& state_hash,
                       const std::string& events_json);
std::string finished_event(const GameRecord& record, const game::State& s);

// The database's replication and backup state (fourex db check --json and
// /admin/v1/overview): {"server","primary","standbys":[{"name","address",
// "state","sync","replay_lag_s"}],"wal_archived_age_s","archive_failures",
// "backup_age_s"}; unknown ages are null.
std::string replication(const persistence::ReplicationInfo& info);

// GET /admin/v1/cluster: {"node_id","nodes":[{"node_id","address",
// "started_at","expires_at","alive","games_owned"}],"games":[{"game_id",
// "node_id" (null: released),"epoch"}]}.
std::string cluster(const std::string& node_id,
                    const persistence::ClusterView& view);

// Error details, e.g. details({{"turn", "7"}}) with raw JSON values.
std::string details(
    const std::vector<std::pair<std::string, std::string>>& raw_fields);
std::string quoted(const std::string& text);  // a JSON string literal

std::string iso_time(std::int64_t epoch_ms);

}  // namespace fourex::actors::replies
