#include "actors/failures.hpp"

#include <exception>

#include "actors/recovery.hpp"
#include "actors/replies.hpp"
#include "persistence/database.hpp"

namespace fourex::actors {

Result not_found(const std::string& game_id) {
  return Result::failure(ErrorCode::not_found, "no game '" + game_id + "'",
                         "game_not_found");
}

Result from_exception() {
  try {
    throw;
  } catch (const persistence::DatabaseUnavailable& e) {
    return Result::unavailable("the database is unavailable; retry later",
                               e.what());
  } catch (const RecoveryError& e) {
    auto r = Result::failure(
        ErrorCode::conflict,
        "the stored history does not rebuild the game's state", "hash_mismatch",
        replies::details({{"turn", std::to_string(e.turn)},
                          {"expected", replies::quoted(e.expected)},
                          {"actual", replies::quoted(e.actual)}}));
    r.internal = e.what();
    return r;
  } catch (const NotFound& e) {
    return Result::failure(ErrorCode::not_found, e.what(), "not_found");
  } catch (const std::exception& e) {
    return Result::internal_error(e.what());
  }
}

}  // namespace fourex::actors
