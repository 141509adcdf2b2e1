// One WriteBatch → one transaction (see batch_writer.hpp).
#include "persistence/batch_writer.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <spdlog/spdlog.h>

#include "game/game_status.hpp"
#include "persistence/database.hpp"
#include "persistence/pg_array.hpp"
#include "persistence/statements.hpp"

namespace fourex::persistence {
namespace {

// One PostgreSQL array literal per statement parameter, in order.
using Columns = std::vector<std::string>;

// The rows' columns (Row::kColumns) as one array literal each: every
// statement's arrays are built here.
template <class Row>
const Row& row_of(const Row& row) {
  return row;
}
template <class Row>
const Row& row_of(const Row* row) {
  return *row;
}

// A column's value as its array stores it: a game status as its text.
template <class Value>
void add_value(PgArray& array, const Value& value) {
  array.add(value);
}
void add_value(PgArray& array, game::GameStatus status) {
  array.add(game::status_name(status));
}

template <class Rows>
Columns columns_of(const Rows& rows) {
  using Row = std::decay_t<decltype(row_of(*std::begin(rows)))>;
  std::array<PgArray, Row::kColumns.size()> arrays;
  static_assert(
      std::tuple_size_v<decltype(row_of(*std::begin(rows)).columns())> ==
          Row::kColumns.size(),
      "a row type's columns() and kColumns disagree");
  for (const auto& row : rows) {
    std::apply(
        [&arrays](const auto&... value) {
          std::size_t i = 0;
          (add_value(arrays[i++], value), ...);
        },
        row_of(row).columns());
  }
  Columns out;
  out.reserve(arrays.size());
  for (const PgArray& a : arrays) out.push_back(a.str());
  return out;
}

void insert_games(pqxx::work& tx, const std::vector<GameRow>& games,
                  const std::map<std::string, Lease>& leases) {
  // The new owner rows' node and epoch follow the games' columns.
  PgArray owner_node, owner_epoch;
  for (const GameRow& g : games) {
    auto lease = leases.find(g.game_id);
    if (lease != leases.end()) {
      owner_node.add(lease->second.node_id);
      owner_epoch.add(lease->second.epoch);
    } else {
      owner_node.add_null();
      owner_epoch.add(std::int64_t{0});
    }
  }
  Columns columns = columns_of(games);
  columns.push_back(owner_node.str());
  columns.push_back(owner_epoch.str());
  auto r = sql::run(tx, sql::kInsertGames,
                    pqxx::prepare::make_dynamic_params(columns));
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
std::vector<const GameUpdate*> last_update_per_game(
    const std::vector<GameUpdate>& updates) {
  std::map<std::string, const GameUpdate*> last;
  for (const GameUpdate& u : updates) last[u.game_id] = &u;
  std::vector<const GameUpdate*> sorted;
  sorted.reserve(last.size());
  for (const auto& [game_id, u] : last) sorted.push_back(u);
  return sorted;
}

void update_games(pqxx::work& tx, const Columns& leases,
                  const std::vector<GameUpdate>& updates) {
  auto last = last_update_per_game(updates);
  auto r = run_fenced(tx, sql::kUpdateGames, leases, columns_of(last));
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

// Inserts the submissions and returns those that were resends of stored
// ones (nothing written for them). Any other existing key is a
// unique_violation, as a plain INSERT would raise.
std::vector<const ActionRow*> insert_actions(
    pqxx::work& tx, const Columns& leases,
    const std::vector<ActionRow>& actions) {
  auto r = run_fenced(tx, sql::kInsertActions, leases, columns_of(actions));
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

void check_column(const std::string& text, std::string_view name) {
  check_text(text, name);
}
template <class Value>
void check_column(const Value&, std::string_view) {}

// Throws std::invalid_argument for a NUL byte in a text column of the row.
template <class Row>
void check_texts(const Row& row) {
  std::apply(
      [](const auto&... value) {
        std::size_t i = 0;
        (check_column(value, Row::kColumns[i++]), ...);
      },
      row.columns());
}

// The fence's rows of COPY are filtered by the caller: every game here is
// fenced (its lease locked) or has no lease (NULL epoch and node).
void copy_actions(pqxx::work& tx, const std::vector<ActionRow>& actions,
                  const std::map<std::string, Lease>& leases) {
  // stream_to would cut text at a NUL byte: refuse it, as PgArray does.
  for (const ActionRow& a : actions) check_texts(a);
  timed("copy player_actions", "COPY player_actions FROM STDIN", [&] {
    pqxx::stream_to copy(tx, sql::kActionsTable, sql::actions_copy_columns());
    for (const ActionRow& a : actions) {
      auto lease = leases.find(a.game_id);
      const bool fenced = lease != leases.end();
      const std::string epoch =
          fenced ? std::to_string(lease->second.epoch) : std::string();
      copy << std::tuple_cat(
          a.columns(),
          std::make_tuple(fenced ? epoch.c_str() : nullptr,
                          fenced ? lease->second.node_id.c_str() : nullptr));
    }
    copy.complete();
    return pqxx::result{};
  });
}

// ON CONFLICT DO UPDATE may touch a row once per statement: the deltas of
// each (game, player) merged first, later gauges winning.
std::vector<StatsDelta> merged(const std::vector<StatsDelta>& deltas) {
  std::map<std::pair<std::string, std::string>, StatsDelta> by_player;
  for (const StatsDelta& d : deltas) {
    auto [it, fresh] = by_player.try_emplace({d.game_id, d.player}, d);
    if (!fresh) it->second.merge(d);
  }
  std::vector<StatsDelta> out;
  out.reserve(by_player.size());
  for (auto& [key, d] : by_player) out.push_back(std::move(d));
  return out;
}

// The batch's leases and rows as the parameters of sql::kWriteBatch.
Columns write_batch_columns(const WriteBatch& batch) {
  Columns all = lease_columns(batch.leases);
  auto append = [&all](Columns part) {
    std::move(part.begin(), part.end(), std::back_inserter(all));
  };
  append(columns_of(last_update_per_game(batch.game_updates)));
  append(columns_of(batch.actions));
  append(columns_of(batch.turns));
  append(columns_of(batch.snapshots));
  append(columns_of(batch.prompt_logs));
  append(columns_of(merged(batch.stats)));
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
  WriteBatch::each_table([&games](auto& rows) { drop_rows(rows, games); },
                         batch);
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
                           ActionsBy actions_by) {
  const Columns leases = lease_columns(batch.leases);
  // The fixed table order of WriteBatch: concurrent writers never deadlock.
  if (!batch.new_games.empty()) insert_games(tx, batch.new_games, batch.leases);
  if (!batch.game_updates.empty()) update_games(tx, leases, batch.game_updates);
  std::vector<const ActionRow*> resent;
  if (!batch.actions.empty()) {
    if (actions_by == ActionsBy::copy) {
      copy_actions(tx, batch.actions, batch.leases);
    } else {
      resent = insert_actions(tx, leases, batch.actions);
    }
  }
  if (!batch.turns.empty())
    run_fenced(tx, sql::kInsertTurns, leases, columns_of(batch.turns));
  if (!batch.snapshots.empty())
    run_fenced(tx, sql::kInsertSnapshots, leases, columns_of(batch.snapshots));
  if (!batch.prompt_logs.empty())
    run_fenced(tx, sql::kInsertPromptLogs, leases,
               columns_of(batch.prompt_logs));
  if (!batch.stats.empty())
    run_fenced(tx, sql::kUpsertStats, leases,
               columns_of(merged(resent.empty()
                                     ? batch.stats
                                     : without_resent(batch.stats, resent))));
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
                                              ActionsBy actions_by) {
  open();
  pqxx::work tx(*conn_, "write_batch");
  auto refused = lock_leases(tx, batch, lease_columns(batch.leases));
  if (refused.empty()) {
    write_in(tx, batch, actions_by);
  } else {
    write_in(tx, without_games(batch, refused), actions_by);
  }
  timed("commit", "COMMIT", [&] {
    tx.commit();
    return pqxx::result{};
  });
  return refused;
}

std::set<std::string> BatchWriter::write(const WriteBatch& batch) {
  if (batch.empty()) return {};
  const ActionsBy actions_by =
      copy_threshold_ > 0 && batch.actions.size() >= copy_threshold_
          ? ActionsBy::copy
          : ActionsBy::insert;
  try {
    if (batch.new_games.empty() && actions_by == ActionsBy::insert) {
      if (auto refused = write_in_one_statement(batch)) return *refused;
    }
    try {
      return write_once(batch, actions_by);
    } catch (const pqxx::unique_violation&) {
      // COPY cannot skip a stored key: write the batch again with the
      // INSERT that tells resends from conflicts.
      if (actions_by == ActionsBy::insert) throw;
      return write_once(batch, ActionsBy::insert);
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
