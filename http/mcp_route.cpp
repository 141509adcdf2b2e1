// The transport (MCP 2025-03-26, 2025-06-18 and 2025-11-25, "Streamable
// HTTP"): JSON-RPC over POST answered with JSON, or with an SSE stream when
// a request asks for progress; sessions in Mcp-Session-Id; GET (a stream of
// server-initiated messages) is not offered (405). Every request carries
// the player's bearer token, the one that opened its session.
#include "http/mcp_route.hpp"

#include <array>
#include <memory>
#include <vector>

#include <rapidjson/error/en.h>
#include <spdlog/spdlog.h>

#include "actors/replies.hpp"
#include "actors/tokens.hpp"
#include "http/mcp_jsonrpc.hpp"
#include "http/mcp_sessions.hpp"
#include "http/mcp_tools.hpp"

namespace fourex::http {

namespace {

using mcp::Message;
using mcp::RpcError;

// Newest first: an initialize asking for another version gets the first.
constexpr std::array<const char*, 3> kVersions = {"2025-11-25", "2025-06-18",
                                                  "2025-03-26"};
// The one version with JSON-RPC batches (2025-06-18 removed them).
constexpr const char* kBatchVersion = "2025-03-26";

bool supported(const std::string& version) {
  for (const char* v : kVersions)
    if (version == v) return true;
  return false;
}

// A failure of the HTTP exchange itself: a status and a JSON-RPC error.
void reject(httplib::Response& res, int status, int code,
            const std::string& message, const std::string& id_json = "null") {
  res.status = status;
  if (status == 401)
    res.set_header("WWW-Authenticate",
                   R"(Bearer realm="fourex", error="invalid_token")");
  res.set_content(mcp::error_response(id_json, code, message),
                  "application/json");
}

struct Exchange {
  Context& ctx;
  mcp::Sessions& sessions;
  std::string token;
  std::string address;  // the client's
};

std::string initialize(const Exchange& ex, const Message& m,
                       std::string& session_id, int& status) {
  const auto* params = m.params;
  if (!params || !params->HasMember("protocolVersion") ||
      !(*params)["protocolVersion"].IsString() ||
      !params->HasMember("capabilities") ||
      !(*params)["capabilities"].IsObject() ||
      !params->HasMember("clientInfo") || !(*params)["clientInfo"].IsObject())
    throw RpcError(mcp::invalid_params,
                   "initialize needs protocolVersion (string), capabilities "
                   "and clientInfo (objects)");
  std::string asked = (*params)["protocolVersion"].GetString();
  const std::string version = supported(asked) ? asked : kVersions[0];
  auto game = game_of_token(ex.ctx, ex.token, ex.address);
  if (!game) {
    status = actors::constant_time_equal(ex.token, ex.ctx.runtime.admin_token())
                 ? 403
                 : 401;
    throw RpcError(mcp::invalid_request,
                   status == 403 ? "an MCP session plays as one player: "
                                   "connect with a player's token"
                                 : "unknown token");
  }
  auto view = ex.ctx.runtime.player_view(*game, {ex.token}, {});
  if (!view.ok()) {
    status = status_of(view.error);
    throw RpcError(mcp::invalid_request, view.message);
  }
  rapidjson::Document doc;
  doc.Parse(view.body.c_str(), view.body.size());
  mcp::Session session{actors::hash_token(ex.token), *game,
                       doc["you"]["name"].GetString(), version};
  auto id = ex.sessions.open(session);
  if (!id) {
    status = 503;
    throw RpcError(mcp::internal_error,
                   "too many MCP sessions (MCP_MAX_SESSIONS); retry later");
  }
  session_id = *id;
  return R"({"protocolVersion":)" + actors::replies::quoted(version) +
         R"(,"capabilities":{"tools":{"listChanged":false},"resources":{"listChanged":false,"subscribe":false},"prompts":{"listChanged":false}},)"
         R"("serverInfo":{"name":"fourex","title":"fourex 4X game server","version":"1.0.0"},)"
         R"("instructions":)" +
         actors::replies::quoted(
             "You play " + session.player + " in fourex game " + *game +
             ". Read get_rules once; each turn: get_view, decide, "
             "validate_orders, submit_orders, wait_for_turn. The "
             "play_turn prompt spells it out.") +
         "}";
}

// One message of a live session: its response, or nothing for a
// notification or a response.
std::optional<std::string> answer(const Exchange& ex,
                                  const mcp::Session& session,
                                  const rapidjson::Value& v,
                                  const mcp::Progress& progress) {
  auto m = mcp::classify(v);
  if (m.kind == Message::Kind::invalid)
    return mcp::error_response(m.id_json, mcp::invalid_request, m.problem);
  if (m.kind != Message::Kind::request) return std::nullopt;
  try {
    if (m.method == "ping") return mcp::result_response(m.id_json, "{}");
    if (m.method == "initialize")
      throw RpcError(mcp::invalid_request,
                     "this session is initialized already; start a new one "
                     "without Mcp-Session-Id");
    mcp::Player player{ex.ctx, session, ex.token, progress};
    return mcp::result_response(m.id_json,
                                mcp::call_method(m.method, m.params, player));
  } catch (const RpcError& e) {
    return mcp::error_response(m.id_json, e.code(), e.what());
  } catch (const std::exception& e) {
    spdlog::error("mcp {}: {}", m.method, e.what());
    return mcp::error_response(m.id_json, mcp::internal_error,
                               "internal error");
  }
}

// The progress token of a request that asks for progress, if any.
std::optional<std::string> progress_token(const rapidjson::Value& v) {
  if (!v.IsObject() || !v.HasMember("params") || !v["params"].IsObject())
    return std::nullopt;
  const auto& params = v["params"];
  auto meta = params.FindMember("_meta");
  if (meta == params.MemberEnd() || !meta->value.IsObject())
    return std::nullopt;
  auto token = meta->value.FindMember("progressToken");
  if (token == meta->value.MemberEnd() ||
      !(token->value.IsString() || token->value.IsInt64()))
    return std::nullopt;
  return to_json_text(token->value);
}

bool accepts_event_stream(const httplib::Request& req) {
  return req.get_header_value("Accept").find("text/event-stream") !=
         std::string::npos;
}

std::string sse_event(const std::string& json) {
  return "event: message\ndata: " + json + "\n\n";
}

// A request with a progress token, answered as an SSE stream: progress
// notifications while it runs, then its response.
void stream_answer(const Exchange& ex, const mcp::Session& session,
                   std::shared_ptr<rapidjson::Document> doc,
                   const std::string& token, httplib::Response& res) {
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [ex, session, doc, token](std::size_t, httplib::DataSink& sink) {
        auto progress = [&](int done, int total, const std::string& message) {
          auto event = sse_event(mcp::notification(
              "notifications/progress",
              R"({"progressToken":)" + token + R"(,"progress":)" +
                  std::to_string(done) + R"(,"total":)" +
                  std::to_string(total) + R"(,"message":)" +
                  actors::replies::quoted(message) + "}"));
          if (sink.is_writable()) sink.write(event.data(), event.size());
        };
        auto response = answer(ex, session, *doc, progress);
        if (response) {
          auto event = sse_event(*response);
          sink.write(event.data(), event.size());
        }
        sink.done();
        return true;
      });
}

void post(Exchange ex, const httplib::Request& req, httplib::Response& res) {
  if (ex.token.empty())
    return reject(res, 401, mcp::invalid_request,
                  "send Authorization: Bearer <player token>");
  auto doc = std::make_shared<rapidjson::Document>();
  doc->Parse(req.body.c_str(), req.body.size());
  if (doc->HasParseError())
    return reject(res, 400, mcp::parse_error,
                  std::string("parse error: ") +
                      rapidjson::GetParseError_En(doc->GetParseError()));
  const auto header_version = req.get_header_value("MCP-Protocol-Version");
  if (!header_version.empty() && !supported(header_version))
    return reject(res, 400, mcp::invalid_request,
                  "unsupported MCP-Protocol-Version '" + header_version + "'");

  const auto first = mcp::classify(doc->IsArray() && !doc->Empty()
                                       ? (*doc)[0]
                                       : static_cast<rapidjson::Value&>(*doc));
  if (first.kind == Message::Kind::request && first.method == "initialize") {
    if (doc->IsArray())
      return reject(res, 400, mcp::invalid_request,
                    "initialize must not be part of a batch");
    std::string session_id;
    int status = 200;
    try {
      auto result = initialize(ex, first, session_id, status);
      res.set_header("Mcp-Session-Id", session_id);
      res.set_content(mcp::result_response(first.id_json, result),
                      "application/json");
    } catch (const RpcError& e) {
      if (status == 200) status = 400;
      reject(res, status, e.code(), e.what(), first.id_json);
    }
    return;
  }

  const auto id = req.get_header_value("Mcp-Session-Id");
  if (id.empty())
    return reject(res, 400, mcp::invalid_request,
                  "send Mcp-Session-Id (from initialize's answer)");
  auto session = ex.sessions.find(id);
  if (!session)
    return reject(res, 404, mcp::invalid_request,
                  "no such session (ended or expired): initialize again");
  if (!actors::constant_time_equal(actors::hash_token(ex.token),
                                   session->token_hash)) {
    const bool known =
        game_of_token(ex.ctx, ex.token, ex.address).has_value() ||
        actors::constant_time_equal(ex.token, ex.ctx.runtime.admin_token());
    return reject(
        res, known ? 403 : 401, mcp::invalid_request,
        known ? "this session belongs to another token" : "unknown token");
  }

  std::vector<std::string> responses;
  if (doc->IsArray()) {
    if (session->protocol_version != kBatchVersion)
      return reject(res, 400, mcp::invalid_request,
                    "protocol version " + session->protocol_version +
                        " has no JSON-RPC batches");
    if (doc->Empty())
      return reject(res, 400, mcp::invalid_request, "an empty batch");
    for (const auto& v : doc->GetArray())
      if (auto r = answer(ex, *session, v, {})) responses.push_back(*r);
  } else {
    auto token = progress_token(*doc);
    if (token && accepts_event_stream(req))
      return stream_answer(ex, *session, doc, *token, res);
    if (auto r = answer(ex, *session, *doc, {})) responses.push_back(*r);
  }
  if (responses.empty()) {
    res.status = 202;  // only notifications or responses
    return;
  }
  std::string body = doc->IsArray() ? "[" : "";
  for (std::size_t i = 0; i < responses.size(); ++i)
    body += (i ? "," : "") + responses[i];
  if (doc->IsArray()) body += "]";
  res.set_content(body, "application/json");
}

}  // namespace

void add_mcp_routes(httplib::Server& server, Context& ctx) {
  auto sessions = std::make_shared<mcp::Sessions>(
      ctx.config.mcp_max_sessions,
      std::chrono::seconds(ctx.config.mcp_session_idle_s));
  // In a cluster a session lives on the node that serves its game: its
  // requests go there, whichever node they reach (issue 13). A session
  // whose game moved to another node is unknown there (404: initialize
  // again, as MCP clients do).
  auto game_of_exchange = [&ctx](const httplib::Request& req) {
    auto id = req.get_header_value("Mcp-Session-Id");
    if (!id.empty()) return mcp::game_of_session(id);
    return game_of_token(ctx, bearer_token(req), req.remote_addr).value_or("");
  };
  server.Post("/mcp",
              game_route(
                  ctx,
                  [&ctx, sessions](const httplib::Request& req,
                                   httplib::Response& res) {
                    post({ctx, *sessions, bearer_token(req), req.remote_addr},
                         req, res);
                  },
                  game_of_exchange, true));
  server.Get("/mcp", [](const httplib::Request&, httplib::Response& res) {
    res.status = 405;
    res.set_header("Allow", "POST, DELETE");
  });
  // Ends a session (the client is done); the token must be the session's.
  server.Delete(
      "/mcp",
      game_route(
          ctx,
          [sessions](const httplib::Request& req, httplib::Response& res) {
            auto id = req.get_header_value("Mcp-Session-Id");
            auto session = sessions->find(id);
            if (!session)
              return reject(res, 404, mcp::invalid_request, "no such session");
            if (!actors::constant_time_equal(
                    actors::hash_token(bearer_token(req)), session->token_hash))
              return reject(res, 401, mcp::invalid_request,
                            "this session belongs to another token");
            sessions->close(id);
            res.status = 204;
          },
          game_of_exchange));
}

}  // namespace fourex::http
