// The read family: the games' list and info, and the history reads, which
// all answer from the database. One rule for an archived game: its info
// says so; to every other read it is no game (404 game_not_found).
#include <pqxx/pqxx>

#include "actors/audience.hpp"
#include "actors/failures.hpp"
#include "actors/recovery.hpp"
#include "actors/replies.hpp"
#include "actors/runtime.hpp"
#include "actors/tokens.hpp"
#include "persistence/connection_pool.hpp"
#include "persistence/game_reader.hpp"

namespace fourex::actors {
namespace {

// A read of history refused to its reader: 401 without a token, 403 with
// one that does not open it.
Result history_refused(const Principal& who, const char* what) {
  if (who.anonymous())
    return Result::failure(
        ErrorCode::unauthorized,
        std::string(what) + " of a game in play needs the admin token",
        "unauthorized");
  return Result::failure(
      ErrorCode::forbidden,
      std::string(what) + " of a game in play is for the admin only",
      "forbidden");
}

}  // namespace

// The read family (turns, stats, replay, prompt logs): waits until the
// game's rows are committed, reads the game's row (404 when there is none
// or it is archived), establishes whose share of the history the reader
// gets, then answers with `read(reader, who, audience)`.
template <class Read>
Result Runtime::read_history(const std::string& game_id, const Caller& caller,
                             Read read) {
  auto who = history_reader(game_id, caller);
  if (!who) return std::move(who).failure();
  if (!is_game_id(game_id)) return not_found(game_id);
  auto synced = sync(game_id);
  if (!synced.ok()) return synced;
  try {
    return reads().with([&](pqxx::connection& conn) {
      persistence::GameReader db(conn);
      auto row = db.game(game_id);
      if (!is_served(row)) return not_found(game_id);
      auto audience =
          audience_of(record_from_row(*row), *who, config().public_history);
      if (!audience) return std::move(audience).failure();
      return read(db, *who, *audience);
    });
  } catch (...) {
    return from_exception();
  }
}

Result Runtime::list_games(std::optional<game::GameStatus> status, int limit,
                           const std::string& after) {
  try {
    return reads().with([&](pqxx::connection& conn) {
      persistence::GameReader reader(conn);
      auto rows = reader.games(status, limit + 1, after);
      std::string next;
      if (static_cast<int>(rows.size()) > limit) {
        rows.resize(limit);
        next = rows.back().game_id;
      }
      std::vector<std::string> ids;
      for (const auto& row : rows) ids.push_back(row.game_id);
      return Result::success(replies::games(rows, reader.listings(ids), next));
    });
  } catch (...) {
    return from_exception();
  }
}

Result Runtime::game_info(const std::string& game_id) {
  auto info = info_in_memory(game_id);
  // Not found in memory: an archived game still answers its info.
  if (info.code != "game_not_found") return info;
  try {
    return reads().with([&](pqxx::connection& conn) {
      persistence::GameReader reader(conn);
      auto row = reader.game(game_id);
      if (!row || is_served(row)) return info;
      return Result::success(
          replies::listed_info(*row, reader.listings({game_id})));
    });
  } catch (...) {
    return from_exception();
  }
}

Result Runtime::turns(const std::string& game_id, const Caller& caller,
                      int from, int to) {
  return read_history(game_id, caller,
                      [&](persistence::GameReader& db, const Principal&,
                          const Audience& audience) {
                        return Result::success(replies::turns(
                            db.turns(game_id, from, to),
                            db.actions_from(game_id, from, to), audience));
                      });
}

Result Runtime::replay(const std::string& game_id, const Caller& caller,
                       int turn) {
  return read_history(game_id, caller,
                      [&](persistence::GameReader& db, const Principal& who,
                          const Audience& audience) {
                        if (!audience.everything)
                          return history_refused(who, "the replay");
                        auto game = recover_game(db, game_id, {turn, turn});
                        return Result::success(replies::replay(game_id, game));
                      });
}

Result Runtime::prompt_logs(const std::string& game_id, const Caller& caller,
                            const std::string& player, int turn) {
  return read_history(game_id, caller,
                      [&](persistence::GameReader& db, const Principal& who,
                          const Audience& audience) {
                        if (!audience.everything)
                          return history_refused(who, "reading prompt logs");
                        return Result::success(replies::prompt_logs(
                            db.prompt_logs(game_id, player, turn)));
                      });
}

Result Runtime::stats(const std::string& game_id, const Caller& caller) {
  return read_history(game_id, caller,
                      [&](persistence::GameReader& db, const Principal&,
                          const Audience& audience) {
                        return Result::success(replies::stats(
                            game_id, db.stats(game_id), audience));
                      });
}

}  // namespace fourex::actors
