// The browser console (web/*, compiled in): its files under /console/ and
// the bookmarkable page paths, which all answer with index.html because the
// app routes on the client.
#pragma once

#include <string_view>
#include <vector>

namespace httplib {
class Server;
}

namespace fourex::http {

struct ConsoleFile {
  std::string_view name;  // file name under web/, e.g. "app.js"
  std::string_view content;
};

// Generated at configure time (http/console_data.cpp.in).
const std::vector<ConsoleFile>& console_files();

// Registers GET /, /games/{id}[/replay|/logs], /admin and /console/{file}.
// Register after the API routes: the patterns do not overlap them, but the
// API keeps precedence either way.
void add_console_routes(httplib::Server& server);

}  // namespace fourex::http
