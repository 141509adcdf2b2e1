#include "http/context.hpp"

#include "actors/replies.hpp"
#include "actors/tokens.hpp"

namespace fourex::http {

using actors::ErrorCode;

Handler guarded(Handler handler) {
  return [handler = std::move(handler)](const httplib::Request& req,
                                        httplib::Response& res) {
    try {
      handler(req, res);
    } catch (const BadRequest& e) {
      respond_error(res, ErrorCode::bad_request, e.what(),
                    e.field().empty()
                        ? "{}"
                        : actors::replies::details(
                              {{"field", actors::replies::quoted(e.field())}}));
    } catch (const std::exception& e) {
      respond(res, actors::Result::internal_error(req.method + " " + req.path +
                                                  ": " + e.what()));
    }
  };
}

std::optional<std::string> game_of_token(Context& ctx, const std::string& token,
                                         const std::string& address) {
  if (token.empty()) return std::nullopt;
  if (auto game = ctx.runtime.known_game_of_token(token)) return game;
  if (ctx.token_lookups.enabled() && !ctx.token_lookups.allow(address))
    return std::nullopt;
  return ctx.runtime.game_of_token(token);
}

bool require_admin(Context& ctx, const httplib::Request& req,
                   httplib::Response& res) {
  auto token = bearer_token(req);
  if (token.empty()) {
    respond_error(res, ErrorCode::unauthorized,
                  "send Authorization: Bearer <admin token>");
    return false;
  }
  if (!actors::constant_time_equal(token, ctx.runtime.admin_token())) {
    if (game_of_token(ctx, token, req.remote_addr))
      respond_error(res, ErrorCode::forbidden,
                    "this endpoint needs the admin token");
    else
      respond_error(res, ErrorCode::unauthorized, "unknown token");
    return false;
  }
  return true;
}

bool may_create(Context& ctx, const httplib::Request& req,
                httplib::Response& res) {
  auto token = bearer_token(req);
  if (!token.empty() &&
      actors::constant_time_equal(token, ctx.runtime.admin_token()))
    return true;
  if (!ctx.config.open_game_creation) return require_admin(ctx, req, res);
  if (ctx.creations.enabled() && !ctx.creations.allow(req.remote_addr)) {
    respond_error(res, actors::ErrorCode::rate_limited,
                  "too many games created from this address; retry later "
                  "(GAME_CREATIONS_PER_MIN)");
    return false;
  }
  return true;
}

}  // namespace fourex::http
