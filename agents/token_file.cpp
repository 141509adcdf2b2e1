// Written through a temporary file and a rename, so a crash never leaves a
// half-written token file behind.
#include "agents/token_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>

#include <rapidjson/document.h>

#include "agents/json.hpp"

namespace fourex::agents {
namespace {

// `text` to `path`, private to this user, whole or not at all.
void write_private(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  const auto tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  ::chmod(tmp.c_str(), 0600);
  std::filesystem::rename(tmp, path);
}

}  // namespace

void save_tokens(const std::string& dir, const std::string& game_id,
                 const std::string& server,
                 const std::vector<StoredPlayer>& players) {
  std::string text = "{\"game_id\":" + json::quote(game_id) +
                     ",\"server\":" + json::quote(server) + ",\"players\":[";
  for (std::size_t i = 0; i < players.size(); ++i)
    text += std::string(i ? "," : "") +
            "{\"name\":" + json::quote(players[i].name) +
            ",\"agent\":" + json::quote(players[i].agent) +
            ",\"token\":" + json::quote(players[i].token) + "}";
  text += "]}\n";
  write_private(std::filesystem::path(dir) / (game_id + ".json"), text);
}

void save_organizer_token(const std::string& dir,
                          const std::string& tournament_id,
                          const std::string& token) {
  write_private(std::filesystem::path(dir) / (tournament_id + ".organizer"),
                token + "\n");
}

std::string load_organizer_token(const std::string& dir,
                                 const std::string& tournament_id) {
  std::ifstream in(std::filesystem::path(dir) / (tournament_id + ".organizer"));
  std::string token;
  std::getline(in, token);
  return token;
}

std::optional<std::vector<StoredPlayer>> load_tokens(
    const std::string& dir, const std::string& game_id) {
  std::ifstream in(std::filesystem::path(dir) / (game_id + ".json"));
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(ss.str().c_str());
  const auto* players = json::member(doc, "players");
  if (doc.HasParseError() || !players || !players->IsArray())
    throw std::runtime_error("token file of " + game_id + " is malformed");
  std::vector<StoredPlayer> out;
  for (const auto& p : players->GetArray())
    out.push_back(
        {json::str(p, "name"), json::str(p, "agent"), json::str(p, "token")});
  return out;
}

}  // namespace fourex::agents
