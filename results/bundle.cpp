#include "results/bundle.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fourex::results {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_settings(const GameSettings& s, Writer& w) {
  w.StartObject();
  w.Key("players");
  w.StartArray();
  for (const auto& p : s.config.players) {
    w.StartObject();
    w.Key("name");
    w.String(p.name);
    w.Key("personality");
    w.String(p.personality);
    w.EndObject();
  }
  w.EndArray();
  w.Key("width");
  w.Int(s.config.width);
  w.Key("height");
  w.Int(s.config.height);
  w.Key("seed");
  w.Uint64(s.config.seed);
  w.Key("max_turns");
  w.Int(s.config.max_turns);
  w.Key("turn_timeout_ms");
  w.Int(s.turn_timeout_ms);
  w.EndObject();
}

void write_turn(const BundleTurn& t, Writer& w) {
  w.StartObject();
  w.Key("turn");
  w.Int(t.turn);
  w.Key("orders");
  w.StartObject();
  for (const auto& [player, orders] : t.orders) {
    w.Key(player.c_str(), static_cast<rapidjson::SizeType>(player.size()));
    game::write_orders(orders, w);
  }
  w.EndObject();
  w.Key("state_hash");
  w.String(t.state_hash);
  w.EndObject();
}

void write_game(const BundleGame& g, Writer& w) {
  w.StartObject();
  w.Key("game_id");
  w.String(g.game_id);
  w.Key("status");
  w.String(std::string(game::status_name(g.status)));
  w.Key("settings");
  write_settings(g.settings, w);
  w.Key("completed_turns");
  w.Int(g.completed_turns);
  w.Key("state_hash");
  w.String(g.state_hash);
  w.Key("winner");
  if (g.winner)
    w.String(*g.winner);
  else
    w.Null();
  w.Key("snapshot_turns");
  w.StartArray();
  for (int t : g.snapshot_turns) w.Int(t);
  w.EndArray();
  w.Key("turns");
  w.StartArray();
  for (const auto& t : g.turns) write_turn(t, w);
  w.EndArray();
  if (g.prompt_logs_json) {
    w.Key("prompt_logs");
    w.RawValue(g.prompt_logs_json->data(), g.prompt_logs_json->size(),
               rapidjson::kArrayType);
  }
  w.EndObject();
}

void write_tournament(const BundleTournament& t, Writer& w) {
  w.StartObject();
  w.Key("tournament_id");
  w.String(t.tournament_id);
  w.Key("name");
  w.String(t.name);
  w.Key("config");
  w.RawValue(t.config_json.data(), t.config_json.size(),
             rapidjson::kObjectType);
  w.Key("schedule");
  w.StartArray();
  for (const auto& g : t.schedule) {
    w.StartObject();
    w.Key("game_no");
    w.Int(g.game_no);
    w.Key("game_id");
    w.String(g.game_id);
    w.Key("seats");
    w.StartArray();
    for (const auto& s : g.seats) w.String(s);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// Reading: every accessor names the JSON path of what it refuses.
const rapidjson::Value& member(const rapidjson::Value& v, const char* key,
                               const std::string& path) {
  if (!v.IsObject()) throw BundleError(path + ": not an object");
  auto it = v.FindMember(key);
  if (it == v.MemberEnd()) throw BundleError(path + ": lacks \"" + key + "\"");
  return it->value;
}

std::string text(const rapidjson::Value& v, const char* key,
                 const std::string& path) {
  const auto& m = member(v, key, path);
  if (!m.IsString()) throw BundleError(path + "." + key + ": not a string");
  return {m.GetString(), m.GetStringLength()};
}

int integer(const rapidjson::Value& v, const char* key,
            const std::string& path) {
  const auto& m = member(v, key, path);
  if (!m.IsInt()) throw BundleError(path + "." + key + ": not an integer");
  return m.GetInt();
}

const rapidjson::Value& array(const rapidjson::Value& v, const char* key,
                              const std::string& path) {
  const auto& m = member(v, key, path);
  if (!m.IsArray()) throw BundleError(path + "." + key + ": not an array");
  return m;
}

std::string to_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  v.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

GameSettings read_settings(const rapidjson::Value& s, const std::string& path) {
  GameSettings out;
  const auto& players = array(s, "players", path);
  for (rapidjson::SizeType i = 0; i < players.Size(); ++i) {
    auto at = path + ".players[" + std::to_string(i) + "]";
    out.config.players.push_back(
        {text(players[i], "name", at), text(players[i], "personality", at)});
  }
  out.config.width = integer(s, "width", path);
  out.config.height = integer(s, "height", path);
  const auto& seed = member(s, "seed", path);
  if (!seed.IsUint64()) throw BundleError(path + ".seed: not a seed");
  out.config.seed = seed.GetUint64();
  out.config.max_turns = integer(s, "max_turns", path);
  out.turn_timeout_ms = integer(s, "turn_timeout_ms", path);
  return out;
}

BundleTurn read_turn(const rapidjson::Value& t, const std::string& path) {
  BundleTurn out;
  out.turn = integer(t, "turn", path);
  out.state_hash = text(t, "state_hash", path);
  const auto& orders = member(t, "orders", path);
  if (!orders.IsObject()) throw BundleError(path + ".orders: not an object");
  for (const auto& [name, list] : orders.GetObject()) {
    std::string player(name.GetString(), name.GetStringLength());
    try {
      out.orders[player] = game::parse_orders(list);
    } catch (const game::ParseError& e) {
      std::string message = path;
      message.append(".orders.").append(player).append(": ").append(e.what());
      throw BundleError(message);
    }
  }
  return out;
}

BundleGame read_game(const rapidjson::Value& v, const std::string& path) {
  BundleGame g;
  g.game_id = text(v, "game_id", path);
  auto status = game::status_from_name(text(v, "status", path));
  if (!status) throw BundleError(path + ".status: not a game status");
  g.status = *status;
  g.settings = read_settings(member(v, "settings", path), path + ".settings");
  g.completed_turns = integer(v, "completed_turns", path);
  g.state_hash = text(v, "state_hash", path);
  const auto& winner = member(v, "winner", path);
  if (winner.IsString())
    g.winner = std::string(winner.GetString(), winner.GetStringLength());
  else if (!winner.IsNull())
    throw BundleError(path + ".winner: neither a name nor null");
  const auto& snapshots = array(v, "snapshot_turns", path);
  for (const auto& t : snapshots.GetArray()) {
    if (!t.IsInt()) throw BundleError(path + ".snapshot_turns: not turns");
    g.snapshot_turns.push_back(t.GetInt());
  }
  const auto& turns = array(v, "turns", path);
  for (rapidjson::SizeType i = 0; i < turns.Size(); ++i)
    g.turns.push_back(
        read_turn(turns[i], path + ".turns[" + std::to_string(i) + "]"));
  if (v.HasMember("prompt_logs"))
    g.prompt_logs_json = to_text(array(v, "prompt_logs", path));
  return g;
}

BundleTournament read_tournament(const rapidjson::Value& v,
                                 const std::string& path) {
  BundleTournament t;
  t.tournament_id = text(v, "tournament_id", path);
  t.name = text(v, "name", path);
  const auto& config = member(v, "config", path);
  if (!config.IsObject()) throw BundleError(path + ".config: not an object");
  t.config_json = to_text(config);
  const auto& schedule = array(v, "schedule", path);
  for (rapidjson::SizeType i = 0; i < schedule.Size(); ++i) {
    const auto at = path + ".schedule[" + std::to_string(i) + "]";
    BundleTournament::Game g;
    g.game_no = integer(schedule[i], "game_no", at);
    g.game_id = text(schedule[i], "game_id", at);
    const auto& seats = array(schedule[i], "seats", at);
    for (const auto& seat : seats.GetArray()) {
      if (!seat.IsString()) throw BundleError(at + ".seats: not names");
      g.seats.emplace_back(seat.GetString(), seat.GetStringLength());
    }
    t.schedule.push_back(std::move(g));
  }
  return t;
}

}  // namespace

std::string settings_to_json(const GameSettings& settings) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  write_settings(settings, w);
  return {buf.GetString(), buf.GetSize()};
}

GameSettings settings_from_json(std::string_view json,
                                const std::string& path) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) throw BundleError(path + ": not JSON");
  return read_settings(doc, path);
}

std::string bundle_to_json(const Bundle& bundle) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("format");
  w.String(kBundleFormat);
  w.Key("format_version");
  w.Int(bundle.format_version);
  w.Key("rules_version");
  w.Int(bundle.rules_version);
  if (bundle.tournament) {
    w.Key("tournament");
    write_tournament(*bundle.tournament, w);
  }
  w.Key("games");
  w.StartArray();
  for (const auto& g : bundle.games) write_game(g, w);
  w.EndArray();
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

Bundle bundle_from_json(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) throw BundleError("not JSON");
  if (!doc.IsObject() || !doc.HasMember("format") ||
      !doc["format"].IsString() ||
      std::string(doc["format"].GetString()) != kBundleFormat)
    throw BundleError(std::string("not a ") + kBundleFormat);
  Bundle b;
  b.format_version = integer(doc, "format_version", "$");
  if (b.format_version != kBundleFormatVersion)
    throw BundleError("format_version " + std::to_string(b.format_version) +
                      " is not " + std::to_string(kBundleFormatVersion));
  b.rules_version = integer(doc, "rules_version", "$");
  if (doc.HasMember("tournament"))
    b.tournament = read_tournament(doc["tournament"], "$.tournament");
  const auto& games = array(doc, "games", "$");
  for (rapidjson::SizeType i = 0; i < games.Size(); ++i)
    b.games.push_back(
        read_game(games[i], "$.games[" + std::to_string(i) + "]"));
  return b;
}

}  // namespace fourex::results
