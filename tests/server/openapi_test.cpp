// GET /openapi.json is a valid OpenAPI 3.0 document (checked by
// @apidevtools/swagger-parser) listing exactly the routes the server
// registers in http/routes_*.cpp; /docs renders it without a CDN.
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

// A route pattern with its game id capture written as OpenAPI does.
std::string as_template(std::string pattern) {
  static const std::string capture = "([A-Za-z0-9_-]{1,64})";
  for (auto at = pattern.find(capture); at != std::string::npos;
       at = pattern.find(capture))
    pattern.replace(at, capture.size(), "{game_id}");
  return pattern;
}

// "get /api/v1/games/{game_id}/state"... from server.Get(<expr>, ...) in the
// route files. <expr> is string literals and names joined by +; a name is
// game_path (context.hpp) or a `const std::string name = "...";` of the
// same file.
std::set<std::string> registered_routes() {
  std::set<std::string> routes;
  std::regex registration(
      R"(server\.(Get|Post|Put|Patch|Delete)\(\s*([^,]+),)");
  std::regex constant(R"re(const std::string (\w+) = "([^"]*)";)re");
  std::regex term(R"re("([^"]*)"|(\w+))re");
  auto dir = std::filesystem::path(FOUREX_SOURCE_DIR) / "http";
  std::map<std::string, std::string> common{
      {"game_path", "/api/v1/games/([A-Za-z0-9_-]{1,64})"}};
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    auto name = entry.path().filename().string();
    if (name.rfind("routes_", 0) != 0 || entry.path().extension() != ".cpp")
      continue;
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
      routes.insert(lower((*m)[1]) + " " + as_template(path));
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
    if (path.find("/events") != std::string::npos) continue;  // a stream
    ApiResponse answer;
    if (method == "get")
      answer = s.api().get(path);
    else if (method == "post")
      answer = s.api().post(path, "", "{}");
    else
      answer = s.api().del(path);
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
