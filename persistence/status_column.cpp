#include "persistence/status_column.hpp"

#include <stdexcept>
#include <string>

namespace fourex::persistence {

game::GameStatus status_of(const pqxx::field& column) {
  auto text = column.as<std::string>();
  if (auto status = game::status_from_name(text)) return *status;
  throw std::runtime_error("games.status holds an unknown status '" + text +
                           "'");
}

}  // namespace fourex::persistence
