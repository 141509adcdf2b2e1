// Serves the compiled-in console files with their Content-Type, an ETag and
// Cache-Control: no-cache, so a browser revalidates (304) and never runs the
// files of an older binary.
#include "http/console.hpp"

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include <httplib.h>

#include "actors/requests.hpp"
#include "actors/tournament_requests.hpp"

namespace fourex::http {
namespace {

struct Asset {
  std::string content_type;
  std::string_view body;
  std::string etag;
};

std::string content_type_of(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() &&
           name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".json")) return "application/json";
  return "text/plain; charset=utf-8";
}

// FNV-1a: stable for the life of the binary, which is all an ETag needs.
std::string etag_of(std::string_view body) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"",
                static_cast<unsigned long long>(h));
  return buf;
}

using Assets = std::map<std::string, Asset, std::less<>>;

void send(const Asset& asset, const httplib::Request& req,
          httplib::Response& res) {
  res.set_header("Cache-Control", "no-cache");
  res.set_header("ETag", asset.etag);
  res.set_header("X-Content-Type-Options", "nosniff");
  if (req.get_header_value("If-None-Match") == asset.etag) {
    res.status = 304;
    return;
  }
  res.set_content(asset.body.data(), asset.body.size(),
                  asset.content_type.c_str());
}

}  // namespace

void add_console_routes(httplib::Server& server) {
  auto assets = std::make_shared<Assets>();
  for (const auto& file : console_files())
    assets->emplace(
        std::string(file.name),
        Asset{content_type_of(file.name), file.content, etag_of(file.content)});
  auto index = assets->find("index.html");
  if (index == assets->end()) return;  // built without web/: API only
  auto page = [assets, &asset = index->second](const httplib::Request& req,
                                               httplib::Response& res) {
    send(asset, req, res);
  };
  server.Get("/", page);
  server.Get("/admin", page);
  server.Get("/tournaments(/" + actors::kTournamentIdPattern + ")?", page);
  server.Get("/games/" + actors::kGameIdPattern + "(/replay|/logs)?", page);
  server.Get("/console/([A-Za-z0-9_.-]+)",
             [assets](const httplib::Request& req, httplib::Response& res) {
               auto it = assets->find(req.matches[1].str());
               if (it == assets->end()) {
                 res.status = 404;  // the error handler writes the body
                 return;
               }
               send(it->second, req, res);
             });
}

}  // namespace fourex::http
