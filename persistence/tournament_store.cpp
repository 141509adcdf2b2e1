#include "persistence/tournament_store.hpp"

#include "persistence/database.hpp"
#include "persistence/pg_array.hpp"
#include "persistence/statements.hpp"
#include "persistence/status_column.hpp"

namespace fourex::persistence {
namespace {

TournamentRow tournament_row(const pqxx::row& r) {
  TournamentRow t;
  t.tournament_id = r[0].as<std::string>();
  t.name = r[1].as<std::string>();
  t.config_json = r[2].as<std::string>();
  t.created_at_ms = r[3].as<std::int64_t>();
  t.games_total = r[4].as<int>();
  t.games_finished = r[5].as<int>();
  t.rounds_scheduled = r[6].as<int>();
  t.organizer_token_hash = r[7].as<std::string>();
  return t;
}

// The schedule rows as the arrays kInsertTournamentGames takes, inserted.
void insert_games(pqxx::work& tx, const std::string& id,
                  const std::vector<TournamentGameRow>& games) {
  PgArray nos, ids, pairings, seats, rounds;
  for (const auto& g : games) {
    nos.add(g.game_no);
    ids.add(g.game_id);
    pairings.add(g.pairing);
    seats.add(g.seats_json);
    rounds.add(g.round);
  }
  sql::run_once(tx, sql::kInsertTournamentGames, id, nos.str(), ids.str(),
                pairings.str(), seats.str(), rounds.str());
}

}  // namespace

bool TournamentStore::insert(const TournamentRow& t,
                             const std::vector<TournamentGameRow>& games) {
  try {
    pqxx::work tx(conn_, "insert_tournament");
    if (sql::run_once(tx, sql::kInsertTournament, t.tournament_id, t.name,
                      t.config_json, t.organizer_token_hash)
            .empty())
      return false;
    insert_games(tx, t.tournament_id, games);
    tx.commit();
    return true;
  } catch (...) {
    rethrow_classified();
  }
}

void TournamentStore::add_round(const std::string& id,
                                const std::vector<TournamentGameRow>& games) {
  try {
    pqxx::work tx(conn_, "add_tournament_round");
    insert_games(tx, id, games);
    tx.commit();
  } catch (...) {
    rethrow_classified();
  }
}

std::optional<TournamentRow> TournamentStore::tournament(
    const std::string& id) {
  return read_only(
      conn_, "tournament",
      [&](pqxx::read_transaction& tx) -> std::optional<TournamentRow> {
        auto r = sql::run_once(tx, sql::kSelectTournament, id);
        if (r.empty()) return std::nullopt;
        return tournament_row(r[0]);
      });
}

std::vector<TournamentRow> TournamentStore::tournaments(
    int limit, const std::string& after) {
  return read_only(conn_, "tournaments", [&](pqxx::read_transaction& tx) {
    const char* no_limit = nullptr;
    std::string lim = std::to_string(limit);
    std::vector<TournamentRow> out;
    for (const auto& row : sql::run_once(tx, sql::kSelectTournaments, after,
                                         limit > 0 ? lim.c_str() : no_limit))
      out.push_back(tournament_row(row));
    return out;
  });
}

std::vector<TournamentGameRow> TournamentStore::games(const std::string& id) {
  return read_only(conn_, "tournament_games", [&](pqxx::read_transaction& tx) {
    std::vector<TournamentGameRow> out;
    for (const auto& r : sql::run_once(tx, sql::kSelectTournamentGames, id)) {
      TournamentGameRow g;
      g.game_no = r[0].as<int>();
      g.game_id = r[1].as<std::string>();
      g.pairing = r[2].as<int>();
      g.seats_json = r[3].as<std::string>();
      g.status = status_of(r[4]);
      g.completed_turns = r[5].as<int>();
      g.max_turns = r[6].as<int>();
      if (!r[7].is_null()) g.winner = r[7].as<std::string>();
      g.round = r[8].as<int>();
      out.push_back(std::move(g));
    }
    return out;
  });
}

std::vector<TournamentSeatRow> TournamentStore::finished_seats(
    const std::string& id) {
  return read_only(conn_, "tournament_seats", [&](pqxx::read_transaction& tx) {
    std::vector<TournamentSeatRow> out;
    for (const auto& r : sql::run_once(tx, sql::kSelectTournamentSeats, id))
      out.push_back({.game_no = r[0].as<int>(),
                     .player = r[1].as<std::string>(),
                     .score = r[2].as<int>(),
                     .actions = r[3].as<std::int64_t>(),
                     .rejected_actions = r[4].as<std::int64_t>()});
    return out;
  });
}

std::vector<TournamentUsageRow> TournamentStore::usage(const std::string& id) {
  return read_only(conn_, "tournament_usage", [&](pqxx::read_transaction& tx) {
    std::vector<TournamentUsageRow> out;
    for (const auto& r : sql::run_once(tx, sql::kSelectTournamentUsage, id))
      out.push_back({.player = r[0].as<std::string>(),
                     .model = r[1].as<std::string>(),
                     .llm_calls = r[2].as<std::int64_t>(),
                     .fallbacks = r[3].as<std::int64_t>(),
                     .prompt_tokens = r[4].as<std::int64_t>(),
                     .completion_tokens = r[5].as<std::int64_t>(),
                     .thinking_tokens = r[6].as<std::int64_t>()});
    return out;
  });
}

std::vector<TournamentLatencyRow> TournamentStore::latency(
    const std::string& id) {
  return read_only(conn_, "tournament_latency",
                   [&](pqxx::read_transaction& tx) {
                     std::vector<TournamentLatencyRow> out;
                     for (const auto& r :
                          sql::run_once(tx, sql::kSelectTournamentLatency, id))
                       out.push_back({.player = r[0].as<std::string>(),
                                      .p50 = r[1].as<double>(),
                                      .p95 = r[2].as<double>()});
                     return out;
                   });
}

}  // namespace fourex::persistence
