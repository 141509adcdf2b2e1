// Read paths of the API and of recovery (see game_reader.hpp).
#include "persistence/game_reader.hpp"

#include "persistence/database.hpp"
#include "persistence/pg_array.hpp"
#include "persistence/statements.hpp"
#include "persistence/status_column.hpp"

namespace fourex::persistence {
namespace {

std::optional<std::string> nullable_text(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::string>();
}

std::optional<std::int64_t> nullable_int64(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::int64_t>();
}

GameRow game_row(const pqxx::row& r) {
  GameRow g;
  g.game_id = r[0].as<std::string>();
  g.status = status_of(r[1]);
  g.config_json = r[2].as<std::string>();
  g.players_json = r[3].as<std::string>();
  g.seed = r[4].as<std::int64_t>();
  g.max_turns = r[5].as<int>();
  g.turn_timeout_ms = r[6].as<int>();
  g.turn = r[7].as<int>();
  g.completed_turns = r[8].as<int>();
  g.state_hash = r[9].as<std::string>();
  g.winner = nullable_text(r[10]);
  g.deadline_at_ms = nullable_int64(r[11]);
  g.created_at_ms = r[12].as<std::int64_t>();
  g.updated_at_ms = r[13].as<std::int64_t>();
  return g;
}

}  // namespace

GameReader::GameReader(pqxx::connection& conn) : conn_(conn) {
  sql::prepare_all(conn_);
}

std::optional<GameRow> GameReader::game(const std::string& game_id) {
  return read_only(conn_, "game",
                   [&](pqxx::read_transaction& tx) -> std::optional<GameRow> {
                     auto r = sql::run(tx, sql::kSelectGame, game_id);
                     if (r.empty()) return std::nullopt;
                     return game_row(r[0]);
                   });
}

std::vector<GameRow> GameReader::games(std::optional<game::GameStatus> status,
                                       int limit, const std::string& after) {
  return read_only(conn_, "games", [&](pqxx::read_transaction& tx) {
    // LIMIT NULL = no limit.
    const char* no_limit = nullptr;
    std::string lim = std::to_string(limit);
    const char* limit_param = limit > 0 ? lim.c_str() : no_limit;
    pqxx::result r =
        status ? sql::run(tx, sql::kSelectGamesByStatus,
                          std::string(game::status_name(*status)), after,
                          limit_param)
               : sql::run(tx, sql::kSelectGamesAll, after, limit_param);
    std::vector<GameRow> out;
    out.reserve(r.size());
    for (const auto& row : r) out.push_back(game_row(row));
    return out;
  });
}

std::map<std::string, GameListing> GameReader::listings(
    const std::vector<std::string>& game_ids) {
  PgArray ids;
  for (const auto& id : game_ids) ids.add(id);
  return read_only(conn_, "listings", [&](pqxx::read_transaction& tx) {
    std::map<std::string, GameListing> out;
    for (const auto& row :
         sql::run(tx, sql::kSelectListingSnapshots, ids.str()))
      out[row[0].as<std::string>()].last_snapshot_turn = row[1].as<int>();
    for (const auto& row : sql::run(tx, sql::kSelectListingStats, ids.str())) {
      auto& p = out[row[0].as<std::string>()].players[row[1].as<std::string>()];
      if (!row[2].is_null()) p.score = row[2].as<int>();
      // The eliminated own nothing; gauges are null before the first turn.
      p.alive = row[3].as<int>() > 0;
    }
    for (const auto& row :
         sql::run(tx, sql::kSelectListingSubmitted, ids.str()))
      out[row[0].as<std::string>()]
          .players[row[1].as<std::string>()]
          .submitted = true;
    return out;
  });
}

std::vector<std::pair<std::string, std::string>> GameReader::token_hashes() {
  return read_only(conn_, "token_hashes", [&](pqxx::read_transaction& tx) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : sql::run(tx, sql::kSelectTokenHashes))
      out.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
    return out;
  });
}

std::optional<std::string> GameReader::game_of_token_hash(
    const std::string& hash) {
  return read_only(
      conn_, "game_of_token",
      [&](pqxx::read_transaction& tx) -> std::optional<std::string> {
        auto r = sql::run(tx, sql::kSelectGameOfToken, hash);
        if (r.empty()) return std::nullopt;
        return r[0][0].as<std::string>();
      });
}

std::vector<std::string> GameReader::recoverable_game_ids() {
  return read_only(conn_, "recoverable", [&](pqxx::read_transaction& tx) {
    std::vector<std::string> out;
    for (const auto& row : sql::run(tx, sql::kSelectRecoverableGameIds)) {
      out.push_back(row[0].as<std::string>());
    }
    return out;
  });
}

std::optional<SnapshotRow> GameReader::latest_snapshot(
    const std::string& game_id, int max_turn) {
  return read_only(
      conn_, "latest_snapshot",
      [&](pqxx::read_transaction& tx) -> std::optional<SnapshotRow> {
        auto r = sql::run(tx, sql::kSelectLatestSnapshot, game_id, max_turn);
        if (r.empty()) return std::nullopt;
        SnapshotRow s;
        s.game_id = r[0][0].as<std::string>();
        s.turn = r[0][1].as<int>();
        s.state_json = r[0][2].as<std::string>();
        s.state_hash = r[0][3].as<std::string>();
        s.reason = r[0][4].as<std::string>();
        s.created_at_ms = r[0][5].as<std::int64_t>();
        return s;
      });
}

std::vector<int> GameReader::snapshot_turns(const std::string& game_id) {
  return read_only(conn_, "snapshot_turns", [&](pqxx::read_transaction& tx) {
    std::vector<int> out;
    for (const auto& row : sql::run(tx, sql::kSelectSnapshotTurns, game_id)) {
      out.push_back(row[0].as<int>());
    }
    return out;
  });
}

std::vector<ActionRow> GameReader::actions_from(const std::string& game_id,
                                                int from_turn, int to_turn) {
  return read_only(conn_, "actions_from", [&](pqxx::read_transaction& tx) {
    std::vector<ActionRow> out;
    for (const auto& r :
         sql::run(tx, sql::kSelectActionsFrom, game_id, from_turn, to_turn)) {
      ActionRow a;
      a.game_id = r[0].as<std::string>();
      a.turn = r[1].as<int>();
      a.player = r[2].as<std::string>();
      a.request_id = r[3].as<std::string>();
      a.actions_json = r[4].as<std::string>();
      a.action_count = r[5].as<int>();
      a.submitted_at_ms = r[6].as<std::int64_t>();
      out.push_back(std::move(a));
    }
    return out;
  });
}

std::vector<TurnRow> GameReader::turns(const std::string& game_id, int from,
                                       int to) {
  return read_only(conn_, "turns", [&](pqxx::read_transaction& tx) {
    std::vector<TurnRow> out;
    for (const auto& r : sql::run(tx, sql::kSelectTurns, game_id, from, to)) {
      TurnRow t;
      t.game_id = r[0].as<std::string>();
      t.turn = r[1].as<int>();
      t.state_hash = r[2].as<std::string>();
      t.events_json = r[3].as<std::string>();
      t.duration_us = r[4].as<std::int64_t>();
      t.processed_at_ms = r[5].as<std::int64_t>();
      out.push_back(std::move(t));
    }
    return out;
  });
}

std::vector<PromptLogRow> GameReader::prompt_logs(const std::string& game_id,
                                                  const std::string& player,
                                                  int turn) {
  return read_only(conn_, "prompt_logs", [&](pqxx::read_transaction& tx) {
    std::vector<PromptLogRow> out;
    for (const auto& r :
         sql::run(tx, sql::kSelectPromptLogs, game_id, player, turn)) {
      PromptLogRow p;
      p.id = r[0].as<std::int64_t>();
      p.game_id = r[1].as<std::string>();
      p.player = r[2].as<std::string>();
      p.turn = r[3].as<int>();
      p.provider = r[4].as<std::string>();
      p.model = r[5].as<std::string>();
      p.prompt = r[6].as<std::string>();
      p.response = r[7].as<std::string>();
      p.thinking = r[8].as<std::string>();
      p.prompt_tokens = r[9].as<std::int64_t>();
      p.completion_tokens = r[10].as<std::int64_t>();
      p.thinking_tokens = r[11].as<std::int64_t>();
      p.latency_ms = r[12].as<std::int64_t>();
      p.error = nullable_text(r[13]);
      p.fallback = r[14].as<bool>();
      p.created_at_ms = r[15].as<std::int64_t>();
      out.push_back(std::move(p));
    }
    return out;
  });
}

std::vector<PlayerStatsRow> GameReader::stats(const std::string& game_id) {
  return read_only(conn_, "stats", [&](pqxx::read_transaction& tx) {
    std::vector<PlayerStatsRow> out;
    for (const auto& r : sql::run(tx, sql::kSelectStats, game_id)) {
      PlayerStatsRow s;
      s.player = r[0].as<std::string>();
      s.submissions = r[1].as<std::int64_t>();
      s.actions = r[2].as<std::int64_t>();
      s.rejected_actions = r[3].as<std::int64_t>();
      s.prompt_tokens = r[4].as<std::int64_t>();
      s.completion_tokens = r[5].as<std::int64_t>();
      s.thinking_tokens = r[6].as<std::int64_t>();
      s.llm_calls = r[7].as<std::int64_t>();
      s.fallbacks = r[8].as<std::int64_t>();
      s.latency_ms_mean = r[9].as<double>();
      s.latency_ms_p95 = r[10].as<double>();
      s.cities = r[11].as<int>();
      s.units = r[12].as<int>();
      s.techs = r[13].as<int>();
      s.score = r[14].as<int>();
      out.push_back(std::move(s));
    }
    return out;
  });
}

std::map<game::GameStatus, std::int64_t> GameReader::games_by_status() {
  return read_only(conn_, "games_by_status", [&](pqxx::read_transaction& tx) {
    std::map<game::GameStatus, std::int64_t> out;
    for (const auto& r : sql::run(tx, sql::kSelectGamesByStatusCount))
      out[status_of(r[0])] = r[1].as<std::int64_t>();
    return out;
  });
}

}  // namespace fourex::persistence
