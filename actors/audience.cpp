#include "actors/audience.hpp"

namespace fourex::actors {

std::optional<Audience> audience_of(const GameRecord& record,
                                    const Principal& who, bool finished,
                                    bool public_history, Result& failure) {
  std::optional<game::PlayerId> own;
  if (!who.admin && !who.anonymous()) {
    own = record.player_by_token(who.token_hash);
    if (!own) {
      failure = Result::failure(ErrorCode::unauthorized,
                                "the token is not valid for this game",
                                "unauthorized");
      return std::nullopt;
    }
  }
  if (who.admin || (finished && public_history)) return Audience{true, {}};
  return Audience{false, own ? record.players[*own].name : std::string()};
}

}  // namespace fourex::actors
