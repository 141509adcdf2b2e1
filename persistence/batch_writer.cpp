// One WriteBatch → one transaction (see batch_writer.hpp).
#include "persistence/batch_writer.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

#include <spdlog/spdlog.h>

#include "persistence/database.hpp"
#include "persistence/pg_array.hpp"
#include "persistence/statements.hpp"

namespace fourex::persistence {
namespace {

void insert_games(pqxx::work& tx, const std::vector<GameRow>& games,
                  const std::map<std::string, Lease>& leases) {
  PgArray id, status, config, players, seed, max_turns, timeout, turn,
      completed, hash, winner, deadline, created, owner_node, owner_epoch;
  for (const GameRow& g : games) {
    auto lease = leases.find(g.game_id);
    if (lease != leases.end()) {
      owner_node.add(lease->second.node_id);
      owner_epoch.add(lease->second.epoch);
    } else {
      owner_node.add_null();
      owner_epoch.add(std::int64_t{0});
    }
    id.add(g.game_id);
    status.add(game::status_name(g.status));
    config.add(g.config_json);
    players.add(g.players_json);
    seed.add(g.seed);
    max_turns.add(g.max_turns);
    timeout.add(g.turn_timeout_ms);
    turn.add(g.turn);
    completed.add(g.completed_turns);
    hash.add(g.state_hash);
    winner.add(g.winner);
    deadline.add(g.deadline_at_ms);
    // The creation time the server already answered with (0: now()).
    if (g.created_at_ms > 0)
      created.add(g.created_at_ms);
    else
      created.add_null();
  }
  auto r = sql::run(tx, sql::kInsertGames, id.str(), status.str(), config.str(),
                    players.str(), seed.str(), max_turns.str(), timeout.str(),
                    turn.str(), completed.str(), hash.str(), winner.str(),
                    deadline.str(), created.str(), owner_node.str(),
                    owner_epoch.str());
  std::set<std::string> inserted;
  for (const auto& row : r) inserted.insert(row[0].as<std::string>());
  std::set<std::string> seen;
  for (const GameRow& g : games) {
    // Absent from RETURNING: the id was taken before this batch, or twice in
    // it.
    if (!seen.insert(g.game_id).second || inserted.count(g.game_id) == 0) {
      throw GameExists(g.game_id);
    }
  }
}

// One PostgreSQL array literal per statement parameter, in order.
using Columns = std::vector<std::string>;

pqxx::result run_with(pqxx::transaction_base& tx, const sql::Statement& st,
                      const Columns& columns) {
  return sql::run(tx, st, pqxx::prepare::make_dynamic_params(columns));
}

// The batch's leases as the fence's parameters $1-$3 (see sql::kLockLeases).
Columns lease_columns(const std::map<std::string, Lease>& leases) {
  PgArray id, node, epoch;
  for (const auto& [game_id, lease] : leases) {
    id.add(game_id);
    node.add(lease.node_id);
    epoch.add(lease.epoch);
  }
  return {id.str(), node.str(), epoch.str()};
}

// A fenced statement: the leases, then the rows' columns.
pqxx::result run_fenced(pqxx::transaction_base& tx, const sql::Statement& st,
                        const Columns& leases, const Columns& rows) {
  Columns all = leases;
  all.insert(all.end(), rows.begin(), rows.end());
  return run_with(tx, st, all);
}

// UPDATE ... FROM applies one source row per target row (which one is
// unspecified), so only the last update of each game is written; sorted by
// id.
using LastUpdates = std::map<std::string, const GameUpdate*>;

LastUpdates last_update_per_game(const std::vector<GameUpdate>& updates) {
  LastUpdates last;
  for (const GameUpdate& u : updates) last[u.game_id] = &u;
  return last;
}

Columns game_update_columns(const LastUpdates& last) {
  PgArray id, status, turn, completed, hash, winner, deadline;
  for (const auto& [game_id, u] : last) {
    id.add(game_id);
    status.add(game::status_name(u->status));
    turn.add(u->turn);
    completed.add(u->completed_turns);
    hash.add(u->state_hash);
    winner.add(u->winner);
    deadline.add(u->deadline_at_ms);
  }
  return {id.str(),   status.str(), turn.str(),    completed.str(),
          hash.str(), winner.str(), deadline.str()};
}

void update_games(pqxx::work& tx, const Columns& leases,
                  const std::vector<GameUpdate>& updates) {
  auto last = last_update_per_game(updates);
  auto r = run_fenced(tx, sql::kUpdateGames, leases, game_update_columns(last));
  if (r.size() != last.size()) {
    spdlog::warn(
        "persistence: {} of {} game updates matched no game or were behind "
        "its stored turn",
        last.size() - r.size(), last.size());
  }
}

using ActionKey = std::tuple<std::string, int, std::string>;

// True when the row stored under the submission's key is this submission:
// the same non-empty request_id, or, without one, no request_id and the
// same orders. That is the resend of a submission whose commit succeeded
// although the writer never heard so (the connection broke during COMMIT).
bool already_stored(pqxx::work& tx, const ActionRow& a) {
  auto r = sql::run(tx, sql::kSelectActionRequestId, a.game_id, a.turn,
                    a.player, a.actions_json);
  if (r.empty()) return false;
  auto stored_id = r[0][0].as<std::string>();
  if (!a.request_id.empty()) return stored_id == a.request_id;
  return stored_id.empty() && r[0][1].as<bool>();
}

Columns action_columns(const std::vector<ActionRow>& actions) {
  PgArray id, turn, player, request, json, count;
  for (const ActionRow& a : actions) {
    id.add(a.game_id);
    turn.add(a.turn);
    player.add(a.player);
    request.add(a.request_id);
    json.add(a.actions_json);
    count.add(a.action_count);
  }
  return {id.str(),      turn.str(), player.str(),
          request.str(), json.str(), count.str()};
}

// Inserts the submissions and returns those that were resends of stored
// ones (nothing written for them). Any other existing key is a
// unique_violation, as a plain INSERT would raise.
std::vector<const ActionRow*> insert_actions(
    pqxx::work& tx, const Columns& leases,
    const std::vector<ActionRow>& actions) {
  auto r = run_fenced(tx, sql::kInsertActions, leases, action_columns(actions));
  std::vector<const ActionRow*> resent;
  if (r.size() == actions.size()) return resent;
  std::map<ActionKey, int> inserted;
  for (const auto& row : r)
    ++inserted[{row[0].as<std::string>(), row[1].as<int>(),
                row[2].as<std::string>()}];
  for (const ActionRow& a : actions) {
    auto it = inserted.find({a.game_id, a.turn, a.player});
    if (it != inserted.end() && it->second > 0) {
      --it->second;
    } else if (already_stored(tx, a)) {
      resent.push_back(&a);
    } else {
      throw pqxx::unique_violation(
          "player_actions: " + a.game_id + " turn " + std::to_string(a.turn) +
              " player " + a.player + " is stored with another request_id",
          sql::kInsertActions.text, "23505");
    }
  }
  return resent;
}

// The stats deltas minus the counts of resent submissions, which the first
// commit already added.
std::vector<StatsDelta> without_resent(
    std::vector<StatsDelta> deltas,
    const std::vector<const ActionRow*>& resent) {
  for (const ActionRow* a : resent) {
    for (StatsDelta& d : deltas) {
      if (d.game_id == a->game_id && d.player == a->player &&
          d.submissions > 0) {
        --d.submissions;
        d.actions -= a->action_count;
        break;
      }
    }
  }
  return deltas;
}

// The fence's rows of COPY are filtered by the caller: every game here is
// fenced (its lease locked) or has no lease (NULL epoch and node).
void copy_actions(pqxx::work& tx, const std::vector<ActionRow>& actions,
                  const std::map<std::string, Lease>& leases) {
  for (const ActionRow& a : actions) {
    check_text(a.game_id, "game_id");
    check_text(a.player, "player");
    check_text(a.request_id, "request_id");
    check_text(a.actions_json, "actions");
  }
  timed("copy player_actions", "COPY player_actions FROM STDIN", [&] {
    pqxx::stream_to copy(tx, sql::kActionsTable, sql::actions_copy_columns());
    for (const ActionRow& a : actions) {
      auto lease = leases.find(a.game_id);
      const bool fenced = lease != leases.end();
      const std::string epoch =
          fenced ? std::to_string(lease->second.epoch) : std::string();
      copy << std::make_tuple(a.game_id, a.turn, a.player, a.request_id,
                              a.actions_json, a.action_count,
                              fenced ? epoch.c_str() : nullptr,
                              fenced ? lease->second.node_id.c_str() : nullptr);
    }
    copy.complete();
    return pqxx::result{};
  });
}

Columns turn_columns(const std::vector<TurnRow>& turns) {
  PgArray id, turn, hash, events, duration;
  for (const TurnRow& t : turns) {
    id.add(t.game_id);
    turn.add(t.turn);
    hash.add(t.state_hash);
    events.add(t.events_json);
    duration.add(t.duration_us);
  }
  return {id.str(), turn.str(), hash.str(), events.str(), duration.str()};
}

Columns snapshot_columns(const std::vector<SnapshotRow>& snaps) {
  PgArray id, turn, state, hash, reason;
  for (const SnapshotRow& s : snaps) {
    id.add(s.game_id);
    turn.add(s.turn);
    state.add(s.state_json);
    hash.add(s.state_hash);
    reason.add(s.reason);
  }
  return {id.str(), turn.str(), state.str(), hash.str(), reason.str()};
}

Columns prompt_log_columns(const std::vector<PromptLogRow>& logs) {
  PgArray id, player, turn, provider, model, prompt, response, thinking,
      prompt_tokens, completion_tokens, thinking_tokens, latency, error,
      fallback;
  for (const PromptLogRow& p : logs) {
    id.add(p.game_id);
    player.add(p.player);
    turn.add(p.turn);
    provider.add(p.provider);
    model.add(p.model);
    prompt.add(p.prompt);
    response.add(p.response);
    thinking.add(p.thinking);
    prompt_tokens.add(p.prompt_tokens);
    completion_tokens.add(p.completion_tokens);
    thinking_tokens.add(p.thinking_tokens);
    latency.add(p.latency_ms);
    error.add(p.error);
    fallback.add(p.fallback ? "t" : "f");  // a boolean[] element
  }
  return {id.str(),
          player.str(),
          turn.str(),
          provider.str(),
          model.str(),
          prompt.str(),
          response.str(),
          thinking.str(),
          prompt_tokens.str(),
          completion_tokens.str(),
          thinking_tokens.str(),
          latency.str(),
          error.str(),
          fallback.str()};
}

Columns stats_columns(const std::vector<StatsDelta>& deltas) {
  // ON CONFLICT DO UPDATE may touch a row once per statement: merge the
  // deltas of each (game, player) first, later gauges winning.
  std::map<std::pair<std::string, std::string>, StatsDelta> merged;
  for (const StatsDelta& d : deltas) {
    auto [it, fresh] = merged.try_emplace({d.game_id, d.player}, d);
    if (fresh) continue;
    StatsDelta& m = it->second;
    m.submissions += d.submissions;
    m.actions += d.actions;
    m.rejected_actions += d.rejected_actions;
    m.prompt_tokens += d.prompt_tokens;
    m.completion_tokens += d.completion_tokens;
    m.thinking_tokens += d.thinking_tokens;
    m.llm_calls += d.llm_calls;
    m.latency_ms_total += d.latency_ms_total;
    if (d.cities) m.cities = d.cities;
    if (d.units) m.units = d.units;
    if (d.techs) m.techs = d.techs;
    if (d.score) m.score = d.score;
  }
  PgArray id, player, submissions, actions, rejected, prompt_tokens,
      completion_tokens, thinking_tokens, llm_calls, latency, cities, units,
      techs, score;
  for (const auto& [key, d] : merged) {
    id.add(d.game_id);
    player.add(d.player);
    submissions.add(d.submissions);
    actions.add(d.actions);
    rejected.add(d.rejected_actions);
    prompt_tokens.add(d.prompt_tokens);
    completion_tokens.add(d.completion_tokens);
    thinking_tokens.add(d.thinking_tokens);
    llm_calls.add(d.llm_calls);
    latency.add(d.latency_ms_total);
    cities.add(d.cities);
    units.add(d.units);
    techs.add(d.techs);
    score.add(d.score);
  }
  return {id.str(),
          player.str(),
          submissions.str(),
          actions.str(),
          rejected.str(),
          prompt_tokens.str(),
          completion_tokens.str(),
          thinking_tokens.str(),
          llm_calls.str(),
          latency.str(),
          cities.str(),
          units.str(),
          techs.str(),
          score.str()};
}

// The batch's leases and rows as the parameters of sql::kWriteBatch.
Columns write_batch_columns(const WriteBatch& batch) {
  Columns all = lease_columns(batch.leases);
  auto append = [&all](Columns part) {
    std::move(part.begin(), part.end(), std::back_inserter(all));
  };
  append(game_update_columns(last_update_per_game(batch.game_updates)));
  append(action_columns(batch.actions));
  append(turn_columns(batch.turns));
  append(snapshot_columns(batch.snapshots));
  append(prompt_log_columns(batch.prompt_logs));
  append(stats_columns(batch.stats));
  return all;
}

// The leased games of the batch whose lease does not hold: the first
// statements of the transaction path. A stored game's lease holds while
// its owner row holds it (locked FOR SHARE from here to the commit), a new
// game's while its node is alive (its owner row goes in with it).
std::set<std::string> lock_leases(pqxx::work& tx, const WriteBatch& batch,
                                  const Columns& leases) {
  std::set<std::string> refused;
  if (batch.leases.empty()) return refused;
  std::set<std::string> held;
  for (const auto& row : run_with(tx, sql::kLockLeases, leases))
    held.insert(row[0].as<std::string>());
  std::map<std::string, bool> alive;  // by node
  for (const GameRow& g : batch.new_games) {
    auto lease = batch.leases.find(g.game_id);
    if (lease == batch.leases.end()) continue;
    const std::string& node = lease->second.node_id;
    auto known = alive.find(node);
    if (known == alive.end())
      known = alive.emplace(node, !sql::run(tx, sql::kNodeAlive, node).empty())
                  .first;
    if (known->second) held.insert(g.game_id);
  }
  for (const auto& [game_id, lease] : batch.leases)
    if (held.count(game_id) == 0) refused.insert(game_id);
  return refused;
}

template <typename Row>
void drop_rows(std::vector<Row>& rows, const std::set<std::string>& games) {
  rows.erase(
      std::remove_if(rows.begin(), rows.end(),
                     [&](const Row& r) { return games.count(r.game_id) > 0; }),
      rows.end());
}

// The batch without any row or lease of the games.
WriteBatch without_games(WriteBatch batch, const std::set<std::string>& games) {
  drop_rows(batch.new_games, games);
  drop_rows(batch.game_updates, games);
  drop_rows(batch.actions, games);
  drop_rows(batch.turns, games);
  drop_rows(batch.snapshots, games);
  drop_rows(batch.prompt_logs, games);
  drop_rows(batch.stats, games);
  for (const std::string& id : games) batch.leases.erase(id);
  return batch;
}

}  // namespace

BatchWriter::BatchWriter(std::string url) : url_(std::move(url)) {}

BatchWriter::~BatchWriter() = default;

void BatchWriter::open() {
  if (conn_) return;
  conn_ = connect(url_);
  try {
    pqxx::nontransaction tx(*conn_, "writer_session");
    sql::run_once(tx, sql::kWriterSession);
  } catch (...) {
    conn_.reset();
    rethrow_classified();
  }
  sql::prepare_all(*conn_);
}

void BatchWriter::write_in(pqxx::work& tx, const WriteBatch& batch,
                           bool use_copy) {
  const Columns leases = lease_columns(batch.leases);
  // The fixed table order of WriteBatch: concurrent writers never deadlock.
  if (!batch.new_games.empty()) insert_games(tx, batch.new_games, batch.leases);
  if (!batch.game_updates.empty()) update_games(tx, leases, batch.game_updates);
  std::vector<const ActionRow*> resent;
  if (!batch.actions.empty()) {
    if (use_copy) {
      copy_actions(tx, batch.actions, batch.leases);
    } else {
      resent = insert_actions(tx, leases, batch.actions);
    }
  }
  if (!batch.turns.empty())
    run_fenced(tx, sql::kInsertTurns, leases, turn_columns(batch.turns));
  if (!batch.snapshots.empty())
    run_fenced(tx, sql::kInsertSnapshots, leases,
               snapshot_columns(batch.snapshots));
  if (!batch.prompt_logs.empty())
    run_fenced(tx, sql::kInsertPromptLogs, leases,
               prompt_log_columns(batch.prompt_logs));
  if (!batch.stats.empty())
    run_fenced(
        tx, sql::kUpsertStats, leases,
        stats_columns(resent.empty() ? batch.stats
                                     : without_resent(batch.stats, resent)));
}

std::optional<std::set<std::string>> BatchWriter::write_in_one_statement(
    const WriteBatch& batch) {
  open();
  // An idle connection the server closed (a restart, an outage) is found
  // here, before anything is sent: that failure is not in doubt.
  conn_->get_notifs();
  if (!conn_->is_open())
    throw DatabaseUnavailable("the database closed the connection");
  pqxx::nontransaction tx(*conn_, "write_batch");
  std::set<std::string> refused;
  try {
    for (const auto& row :
         run_with(tx, sql::kWriteBatch, write_batch_columns(batch)))
      refused.insert(row[0].as<std::string>());
  } catch (const pqxx::unique_violation&) {
    // A stored submission key: a resend, or a conflict. Nothing was
    // written; the transaction path tells the two apart.
    return std::nullopt;
  } catch (const pqxx::broken_connection& e) {
    // The statement was sent and its implicit commit may have happened.
    throw CommitInDoubt(std::string("connection lost during a write: ") +
                        e.what());
  }
  return refused;
}

std::set<std::string> BatchWriter::write_once(const WriteBatch& batch,
                                              bool use_copy) {
  open();
  pqxx::work tx(*conn_, "write_batch");
  auto refused = lock_leases(tx, batch, lease_columns(batch.leases));
  if (refused.empty()) {
    write_in(tx, batch, use_copy);
  } else {
    write_in(tx, without_games(batch, refused), use_copy);
  }
  timed("commit", "COMMIT", [&] {
    tx.commit();
    return pqxx::result{};
  });
  return refused;
}

std::set<std::string> BatchWriter::write(const WriteBatch& batch) {
  if (batch.empty()) return {};
  bool use_copy =
      copy_threshold_ > 0 && batch.actions.size() >= copy_threshold_;
  try {
    if (batch.new_games.empty() && !use_copy) {
      if (auto refused = write_in_one_statement(batch)) return *refused;
    }
    try {
      return write_once(batch, use_copy);
    } catch (const pqxx::unique_violation&) {
      // COPY cannot skip a stored key: write the batch again with the
      // INSERT that tells resends from conflicts.
      if (!use_copy) throw;
      return write_once(batch, false);
    }
  } catch (const GameExists&) {
    throw;
  } catch (const std::invalid_argument&) {
    throw;
  } catch (...) {
    try {
      rethrow_classified();
    } catch (const DatabaseUnavailable&) {
      // Start the next write from a fresh connection.
      conn_.reset();
      throw;
    }
  }
}

}  // namespace fourex::persistence
