// GET /openapi.json is a valid OpenAPI 3.0 document (checked by
// @apidevtools/swagger-parser) listing exactly the routes the server
// registers in any http/*.cpp (the API, operations and the console pages);
// /docs renders it without a CDN.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The patterns routes use for a path parameter, as OpenAPI names it.
const std::vector<std::pair<std::string, std::string>> kParameters = {
    {"([A-Za-z0-9_-]{1,64})", "{game_id}"},
    {"[A-Za-z0-9_-]{1,64}", "{game_id}"},
    {"([A-Za-z0-9_-]{1,40})", "{tournament_id}"},
    {"[A-Za-z0-9_-]{1,40}", "{tournament_id}"},
    {"([A-Za-z0-9_.-]+)", "{file}"}};

// The OpenAPI paths a cpp-httplib route pattern matches: parameters become
// {name}, and an optional group of literal alternatives, like
// "(/replay|/logs)?", is expanded into one path per alternative.
std::vector<std::string> as_templates(std::string pattern) {
  for (const auto& [regex, name] : kParameters)
    for (auto at = pattern.find(regex); at != std::string::npos;
         at = pattern.find(regex))
      pattern.replace(at, regex.size(), name);
  static const std::regex choice(R"(\(([^()\[\]]*)\)(\?)?)");
  std::smatch m;
  if (!std::regex_search(pattern, m, choice)) return {pattern};
  std::vector<std::string> paths;
  std::vector<std::string> options;
  std::stringstream alternatives(m[1].str());
  for (std::string option; std::getline(alternatives, option, '|');)
    options.push_back(option);
  if (m[2].matched) options.emplace_back();
  for (const auto& option : options)
    for (auto& path :
         as_templates(m.prefix().str() + option + m.suffix().str()))
      paths.push_back(std::move(path));
  return paths;
}

// "get /api/v1/games/{game_id}/state"... from every <server>.Get(<expr>,
// ...) in http/*.cpp. <expr> is string literals and names joined by +; a name
// is game_path, admin_game_path, tournament_path (context.hpp),
// kGameIdPattern, kTournamentIdPattern (actors/) or a `const std::string name =
// "...";` of the same file.
std::set<std::string> registered_routes() {
  std::set<std::string> routes;
  // Any receiver: whatever a file calls its httplib::Server. A literal may
  // hold a comma ("{1,64}").
  std::regex registration(
      R"re(\w+\.(Get|Post|Put|Patch|Delete)\(\s*((?:"[^"]*"|[^,"])+),)re");
  std::regex constant(R"re(const std::string (\w+) = "([^"]*)";)re");
  std::regex term(R"re("([^"]*)"|(?:\w+::)*(\w+))re");
  auto dir = std::filesystem::path(FOUREX_SOURCE_DIR) / "http";
  std::map<std::string, std::string> common{
      {"kGameIdPattern", "[A-Za-z0-9_-]{1,64}"},
      {"kTournamentIdPattern", "[A-Za-z0-9_-]{1,40}"},
      {"game_path", "/api/v1/games/([A-Za-z0-9_-]{1,64})"},
      {"admin_game_path", "/admin/v1/games/([A-Za-z0-9_-]{1,64})"},
      {"tournament_path", "/api/v1/tournaments/([A-Za-z0-9_-]{1,40})"}};
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".cpp") continue;
    auto name = entry.path().filename().string();
    auto text = read_text(entry.path());
    auto names = common;
    for (std::sregex_iterator m(text.begin(), text.end(), constant), end;
         m != end; ++m)
      names[(*m)[1]] = (*m)[2];
    for (std::sregex_iterator m(text.begin(), text.end(), registration), end;
         m != end; ++m) {
      std::string expr = (*m)[2], path;
      for (std::sregex_iterator t(expr.begin(), expr.end(), term), tend;
           t != tend; ++t) {
        if ((*t)[1].matched) {
          path += (*t)[1];
        } else {
          INFO(name << ": unknown name in a route: " << (*t)[2]);
          REQUIRE(names.count((*t)[2]) == 1);
          path += names[(*t)[2]];
        }
      }
      for (const auto& route : as_templates(path)) {
        INFO(name << ": a route pattern this test cannot name: " << path);
        REQUIRE(route.find_first_of("()[]|?*+\\") == std::string::npos);
        routes.insert(lower((*m)[1]) + " " + route);
      }
    }
  }
  return routes;
}

std::set<std::string> documented_routes(const rapidjson::Value& doc) {
  std::set<std::string> routes;
  for (const auto& path : doc["paths"].GetObject())
    for (const auto& method : path.value.GetObject())
      routes.insert(std::string(method.name.GetString()) + " " +
                    path.name.GetString());
  return routes;
}

}  // namespace

TEST_CASE("openapi.json is a valid OpenAPI 3.0 document", "[server][openapi]") {
  RunningServer s;
  auto r = s.api().get("/openapi.json");
  REQUIRE(r.status == 200);
  REQUIRE(r.json_ok);
  CHECK(get_string(r.json, "openapi").rfind("3.0", 0) == 0);

  auto validator = std::filesystem::path(FOUREX_SOURCE_DIR) / "scripts" /
                   "validate-openapi.js";
  auto module = std::filesystem::path(FOUREX_SOURCE_DIR) / "node_modules" /
                "@apidevtools" / "swagger-parser";
  INFO("the validator is installed by: scripts/bootstrap --dev");
  REQUIRE(std::filesystem::exists(module));
  auto file = std::filesystem::temp_directory_path() /
              ("fourex-openapi-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << r.body;
  auto out = file.string() + ".out";
  int status = std::system(("node '" + validator.string() + "' '" +
                            file.string() + "' >'" + out + "' 2>&1")
                               .c_str());
  auto said = read_text(out);
  std::filesystem::remove(file);
  std::filesystem::remove(out);
  INFO(said);
  CHECK(status == 0);
  CHECK_THAT(said, Catch::StartsWith("valid: "));
}

TEST_CASE("openapi.json lists exactly the routes the server registers",
          "[server][openapi]") {
  RunningServer s;
  auto r = s.api().get("/openapi.json");
  REQUIRE(r.json_ok);
  auto registered = registered_routes();
  auto documented = documented_routes(r.json);
  REQUIRE(registered.size() > 20);
  for (const auto& route : registered) {
    INFO("registered but not in http/openapi.json: " << route);
    CHECK(documented.count(route) == 1);
  }
  for (const auto& route : documented) {
    INFO("documented but not registered: " << route);
    CHECK(registered.count(route) == 1);
  }
}

TEST_CASE("every documented route is routed by the server",
          "[server][openapi]") {
  RunningServer s;
  auto r = s.api().get("/openapi.json");
  REQUIRE(r.json_ok);
  for (const auto& route : documented_routes(r.json)) {
    auto space = route.find(' ');
    auto method = route.substr(0, space);
    auto path = std::regex_replace(route.substr(space + 1),
                                   std::regex(R"(\{game_id\})"), "nosuchgame");
    path = std::regex_replace(path, std::regex(R"(\{tournament_id\})"),
                              "nosuchtournament");
    path = std::regex_replace(path, std::regex(R"(\{file\})"), "index.html");
    if (path.find("/events") != std::string::npos) continue;  // a stream
    // Placeholder inputs, deliberately not what the operations ask for;
    // the answers are still checked against the description.
    ApiResponse answer;
    if (method == "get")
      answer = s.api().invalid().get(path);
    else if (method == "post")
      answer = s.api().invalid().post(path, "", "{}");
    else
      answer = s.api().invalid().del(path);
    INFO(route << " -> " << answer.describe());
    CHECK(answer.body.find("no route") == std::string::npos);
  }
}

TEST_CASE("/docs renders the API without loading anything from elsewhere",
          "[server][openapi]") {
  RunningServer s;
  auto r = s.api().get("/docs");
  REQUIRE(r.status == 200);
  CHECK_THAT(r.body, Catch::Contains("<html"));
  CHECK_THAT(r.body, Catch::Contains("fetch(\"/openapi.json\")"));
  CHECK_THAT(r.body, !Catch::Contains("src=\"http"));
  CHECK_THAT(r.body, !Catch::Contains("href=\"http"));
}

// The check every test's client runs (tests/support/api_client.hpp) finds
// what the issue's validating proxy found: a wrong body schema, an
// undocumented status, a token the description asks for but the server
// did not, a valid request refused with 400.
TEST_CASE("the contract check catches a server that leaves its description",
          "[server][openapi]") {
  RunningServer s;
  auto doc = s.api().get("/openapi.json");
  REQUIRE(doc.status == 200);
  OpenApiContract contract(doc.body);
  auto g = s.api().create_game(small_game("contract"), {});
  auto view = s.api().state("contract", "Alice", g.tokens["Alice"]);
  REQUIRE(view.status == 200);

  HttpExchange x;
  x.method = "GET";
  x.target = "/api/v1/games/contract/state?player=Alice";
  x.credentials = true;
  x.status = 200;
  x.response_headers = view.headers;
  x.response_body = view.body;
  CHECK(contract.request_problem(x).empty());
  CHECK(contract.response_problem(x, true).empty());

  auto wrong_you = x;
  wrong_you.response_body = std::regex_replace(
      view.body, std::regex(R"("you":\{)"), R"("you":"Alice","was":{)");
  CHECK_THAT(contract.response_problem(wrong_you, true),
             Catch::Contains("playerState") && Catch::Contains("/you"));

  auto teapot = x;
  teapot.status = 418;
  CHECK_THAT(contract.response_problem(teapot, true),
             Catch::Contains("not documented") && Catch::Contains("418"));

  auto tokenless = x;
  tokenless.credentials = false;
  CHECK_THAT(contract.response_problem(tokenless, true),
             Catch::Contains("security"));

  HttpExchange zero_turns;
  zero_turns.method = "POST";
  zero_turns.target = "/api/v1/games";
  zero_turns.request_content_type = "application/json";
  zero_turns.request_body = R"({"players": ["A", "B"], "max_turns": 0})";
  CHECK_THAT(contract.request_problem(zero_turns),
             Catch::Contains("max_turns") && Catch::Contains("minimum"));
  auto refused = x;
  refused.status = 400;
  refused.response_body =
      R"({"error":{"code":"bad_request","message":"no","details":{}}})";
  CHECK_THAT(contract.response_problem(refused, true),
             Catch::Contains("valid by the description"));
  CHECK(contract.response_problem(refused, false).empty());
}
