#include "actors/game_record.hpp"

#include <chrono>
#include <stdexcept>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "actors/tokens.hpp"
#include "results/bundle.hpp"

namespace fourex::actors {

std::optional<game::PlayerId> GameRecord::player_by_token(
    const std::string& token_hash) const {
  // Hashes of secrets: compared in constant time all the same, and every
  // player is compared so the time does not tell the seat either.
  std::optional<game::PlayerId> found;
  for (std::size_t i = 0; i < players.size(); ++i)
    if (constant_time_equal(players[i].token_hash, token_hash))
      found = static_cast<game::PlayerId>(i);
  return found;
}

std::string players_to_json(const std::vector<PlayerAuth>& players) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& p : players) {
    w.StartObject();
    w.Key("name");
    w.String(p.name);
    w.Key("personality");
    w.String(p.personality);
    w.Key("token_hash");
    w.String(p.token_hash);
    w.EndObject();
  }
  w.EndArray();
  return buf.GetString();
}

namespace {

const rapidjson::Value& member(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject() || !v.HasMember(key))
    throw std::runtime_error(std::string("stored game lacks '") + key + "'");
  return v[key];
}

std::string string_member(const rapidjson::Value& v, const char* key) {
  const auto& m = member(v, key);
  if (!m.IsString())
    throw std::runtime_error(std::string("stored '") + key + "' not text");
  return m.GetString();
}

}  // namespace

GameRecord record_from_row(const persistence::GameRow& row) {
  GameRecord r;
  r.game_id = row.game_id;
  r.status = row.status;
  r.created_at_ms = row.created_at_ms;
  r.updated_at_ms = row.updated_at_ms;
  r.deadline_at_ms = row.deadline_at_ms;
  r.settings = results::settings_from_json(row.config_json, "games.config");

  rapidjson::Document players;
  players.Parse(row.players_json.c_str(), row.players_json.size());
  if (players.HasParseError() || !players.IsArray())
    throw std::runtime_error("stored game players are not JSON");
  for (const auto& p : players.GetArray())
    r.players.push_back({string_member(p, "name"),
                         string_member(p, "personality"),
                         string_member(p, "token_hash")});
  return r;
}

persistence::GameRow row_from_record(const GameRecord& record,
                                     const game::State& state,
                                     const std::string& state_hash) {
  persistence::GameRow row;
  row.game_id = record.game_id;
  row.status = record.status;
  row.config_json = results::settings_to_json(record.settings);
  row.players_json = players_to_json(record.players);
  row.seed = static_cast<std::int64_t>(record.settings.config.seed);
  row.max_turns = record.settings.config.max_turns;
  row.turn_timeout_ms = record.settings.turn_timeout_ms;
  row.turn = state.turn;
  row.completed_turns = game::completed_turns(state);
  row.state_hash = state_hash;
  if (state.winner) row.winner = state.players[*state.winner].name;
  row.deadline_at_ms = record.deadline_at_ms;
  row.created_at_ms = record.created_at_ms;
  return row;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<persistence::StatsDelta> gauges_of(const std::string& game_id,
                                               const game::State& state) {
  std::vector<persistence::StatsDelta> out;
  for (std::size_t i = 0; i < state.players.size(); ++i) {
    auto s = game::summarize(state, static_cast<game::PlayerId>(i));
    persistence::StatsDelta delta;
    delta.game_id = game_id;
    delta.player = state.players[i].name;
    delta.cities = s.cities;
    delta.units = s.units;
    delta.techs = s.techs;
    delta.score = s.score;
    out.push_back(std::move(delta));
  }
  return out;
}

}  // namespace fourex::actors
