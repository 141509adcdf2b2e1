// Game setup (create, or continue with stored tokens), the per-player turn
// loop, live progress and the final summary.
#include "agents/orchestrator.hpp"

#include <atomic>
#include <chrono>
#include <iomanip>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "agents/api_client.hpp"
#include "agents/json.hpp"
#include "agents/token_file.hpp"

namespace fourex::agents {
namespace {

struct Seat {
  std::string name, token;
  AgentSpec spec;
  PlayerResult result;
};

// One game in play: its seats and what the progress line shows.
struct Table {
  std::string game_id;
  std::vector<Seat> seats;
  std::mutex mutex;  // guards the fields below
  int turn = 0, max_turns = 0;
  std::map<std::string, int> scores;
  bool done = false;
  std::string error;
};

std::string seat_name(const AgentSpec& spec, std::size_t i) {
  std::string base =
      spec.llm ? "llm" : std::string(personality_name(spec.personality));
  return base + "_" + std::to_string(i + 1);
}

std::string game_id_for(const PlayOptions& o, int k) {
  if (o.game_id.empty()) return {};
  return o.games > 1 ? o.game_id + "-" + std::to_string(k + 1) : o.game_id;
}

// Creates the game, or finds it and its stored tokens; fills the seats.
void seat_players(const PlayOptions& o, const ApiClient& api, int k,
                  Table& table) {
  const std::string wanted = game_id_for(o, k);
  if (!wanted.empty()) {
    auto info = api.info(wanted);
    if (info.ok()) {
      if (!o.resume_existing)
        throw std::runtime_error("game " + wanted +
                                 " exists and USE_PERSISTENT_GAME_CLIENT is "
                                 "false: choose a new --game-id");
      auto stored = load_tokens(o.token_dir, wanted);
      if (!stored)
        throw std::runtime_error("game " + wanted + " exists but " +
                                 o.token_dir + "/" + wanted +
                                 ".json (its tokens) does not");
      table.game_id = wanted;
      for (std::size_t i = 0; i < stored->size(); ++i) {
        const auto& p = (*stored)[i];
        // A tournament's external entrant plays its seat itself.
        if (p.agent.rfind(kExternalAgent, 0) == 0) continue;
        Seat seat{p.name, p.token, {}, {}};
        seat.spec = !p.agent.empty() ? parse_agent_spec(p.agent)
                                     : o.agents.at(i % o.agents.size());
        table.seats.push_back(std::move(seat));
      }
      return;
    }
    if (info.status != 404)
      throw std::runtime_error("game " + wanted + ": " + info.describe());
  }
  NewGame g;
  g.game_id = wanted;
  for (std::size_t i = 0; i < o.agents.size(); ++i) {
    g.players.push_back(seat_name(o.agents[i], i));
    g.personalities.emplace_back(personality_name(o.agents[i].personality));
  }
  g.max_turns = o.max_turns;
  g.width = o.width;
  g.height = o.height;
  g.seed = o.seed + k;
  auto created = api.create_game(g, o.admin_token);
  if (created.status != 201)
    throw std::runtime_error("creating a game: " + created.describe());
  table.game_id = json::str(created.json, "game_id");
  std::map<std::string, std::string> tokens;
  if (const auto* ps = json::member(created.json, "players");
      ps && ps->IsArray())
    for (const auto& p : ps->GetArray())
      tokens[json::str(p, "name")] = json::str(p, "token");
  std::vector<StoredPlayer> stored;
  for (std::size_t i = 0; i < o.agents.size(); ++i) {
    Seat seat{g.players[i], tokens[g.players[i]], o.agents[i], {}};
    stored.push_back({seat.name, seat.spec.label(), seat.token});
    table.seats.push_back(std::move(seat));
  }
  save_tokens(o.token_dir, table.game_id, o.server, stored);
}

// Submits, and on a 422 submits the agent's second choice, then a pass.
void submit_turn(const ApiClient& api, Table& table, Seat& seat, Agent& agent,
                 const View& v, Decision d) {
  PlayerResult& r = seat.result;
  r.llm_calls += d.llm_calls;
  if (d.fallback) ++r.fallbacks;
  const std::string rid =
      table.game_id + "/" + seat.name + "/" + std::to_string(v.turn);
  for (int attempt = 0; attempt < 3; ++attempt) {
    const std::string id =
        attempt == 0 ? rid : rid + "/" + std::to_string(attempt);
    auto reply = api.submit(table.game_id, seat.name, seat.token, v.turn,
                            d.orders_json, id);
    if (reply.ok()) {
      ++r.submissions;
      return;
    }
    if (reply.status != 422) {
      // 409: already submitted, turn over or game finished; the next view
      // tells which. Anything else is logged and the loop moves on.
      if (reply.status != 409)
        spdlog::warn("{} {} turn {}: {}", table.game_id, seat.name, v.turn,
                     reply.describe());
      return;
    }
    ++r.rejected;
    if (attempt == 0) {
      d = agent.fallback(v, reply.body);
      if (d.fallback) ++r.fallbacks;
    } else {
      d = Decision{};
    }
  }
}

void play_seat(const PlayOptions& o, const ApiClient& api, Table& table,
               Seat& seat, std::uint64_t seed) {
  const std::string model =
      seat.spec.model.empty() ? o.llm.model : seat.spec.model;
  auto agent = make_agent(
      seat.spec, o.llm, seed, [&](const View& v, const LlmCall& call) {
        auto reply =
            api.log_prompt(table.game_id, seat.token,
                           prompt_log_json(seat.name, v.turn, model, call));
        if (!reply.ok())
          spdlog::warn("prompt log of {}: {}", seat.name, reply.describe());
      });
  int wait_for = 0;
  int missing = 0;
  while (true) {
    auto reply = api.view(table.game_id, seat.name, seat.token, wait_for);
    if (reply.status == 404 && ++missing < 30) {
      // Just after a restart the server may not have the game back yet.
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    if (!reply.ok()) {
      std::lock_guard lock(table.mutex);
      table.error = seat.name + ": " + reply.describe();
      return;
    }
    missing = 0;
    const View v = parse_view(reply.json);
    {
      std::lock_guard lock(table.mutex);
      table.turn = std::max(table.turn, v.completed_turns);
      table.max_turns = v.max_turns;
      for (const auto& p : v.players) table.scores[p.name] = p.score;
    }
    bool alive = false;
    for (const auto& p : v.players)
      if (p.name == v.you) alive = p.alive;
    if (v.finished() || !alive || v.status == game::GameStatus::archived)
      return;
    if (v.status != game::GameStatus::active || v.submitted ||
        v.turn < wait_for) {
      // Paused, or waiting for the others: long-poll the next turn.
      wait_for = v.submitted ? v.turn + 1 : v.turn;
      if (v.status != game::GameStatus::active)
        std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    submit_turn(api, table, seat, *agent, v, agent->decide(v));
    wait_for = v.turn + 1;
  }
}

void final_result(const ApiClient& api, Table& table, GameResult& out) {
  out.game_id = table.game_id;
  out.error = table.error;
  auto info = api.info(table.game_id);
  if (!info.ok()) {
    if (out.error.empty()) out.error = "info: " + info.describe();
    for (auto& s : table.seats) out.players.push_back(s.result);
    return;
  }
  out.status = game::status_from_name(json::str(info.json, "status"));
  out.completed_turns =
      static_cast<int>(json::num(info.json, "completed_turns"));
  out.max_turns = static_cast<int>(json::num(info.json, "max_turns"));
  if (const auto* w = json::member(info.json, "winner"); w && w->IsString())
    out.winner = w->GetString();
  std::map<std::string, const rapidjson::Value*> by_name;
  if (const auto* ps = json::member(info.json, "players"); ps && ps->IsArray())
    for (const auto& p : ps->GetArray()) by_name[json::str(p, "name")] = &p;
  for (auto& s : table.seats) {
    PlayerResult r = s.result;
    r.name = s.name;
    r.agent = s.spec.label();
    if (const auto* p = by_name[s.name]) {
      r.cities = static_cast<int>(json::num(*p, "cities"));
      r.units = static_cast<int>(json::num(*p, "units"));
      r.techs = static_cast<int>(json::num(*p, "techs"));
      r.score = static_cast<int>(json::num(*p, "score"));
    }
    out.players.push_back(std::move(r));
  }
}

std::string progress_line(Table& t) {
  std::lock_guard lock(t.mutex);
  std::ostringstream o;
  o << std::left << std::setw(34)
    << (t.game_id.empty() ? "(creating)" : t.game_id) << " turn " << t.turn
    << "/" << t.max_turns;
  for (const auto& [name, score] : t.scores) o << "  " << name << " " << score;
  if (t.done) o << (t.error.empty() ? "  done" : "  error: " + t.error);
  return o.str();
}

}  // namespace

std::vector<GameResult> play_games(const PlayOptions& o,
                                   std::ostream* progress) {
  const ApiClient api(o.server, std::chrono::seconds(o.retry_budget_s));
  std::vector<std::unique_ptr<Table>> tables;
  for (int k = 0; k < o.games; ++k) tables.push_back(std::make_unique<Table>());
  std::vector<std::thread> games;
  for (int k = 0; k < o.games; ++k)
    games.emplace_back([&, k] {
      Table& table = *tables[k];
      try {
        seat_players(o, api, k, table);
        std::vector<std::thread> seats;
        for (std::size_t i = 0; i < table.seats.size(); ++i)
          seats.emplace_back([&, i] {
            play_seat(o, api, table, table.seats[i],
                      static_cast<std::uint64_t>(o.seed) * 1000 + k * 16 + i);
          });
        for (auto& t : seats) t.join();
      } catch (const std::exception& e) {
        std::lock_guard lock(table.mutex);
        table.error = e.what();
      }
      std::lock_guard lock(table.mutex);
      table.done = true;
    });
  std::atomic<bool> finished{false};
  std::thread printer;
  if (progress)
    printer = std::thread([&] {
      bool drawn = false;
      while (true) {
        const bool last = finished.load();
        if (drawn) *progress << "\x1b[" << tables.size() << "A";
        for (auto& t : tables)
          *progress << "\r\x1b[2K" << progress_line(*t) << "\n";
        progress->flush();
        drawn = true;
        if (last) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
      }
    });
  for (auto& g : games) g.join();
  finished = true;
  if (printer.joinable()) printer.join();
  std::vector<GameResult> results;
  for (auto& t : tables) {
    GameResult r;
    if (t->game_id.empty()) {
      r.error = t->error;
    } else {
      final_result(api, *t, r);
    }
    results.push_back(std::move(r));
  }
  return results;
}

void print_summary(std::ostream& out, const std::vector<GameResult>& games) {
  for (const auto& g : games) {
    out << "game " << (g.game_id.empty() ? "(none)" : g.game_id) << ": "
        << (g.status ? g.status_text() : "unknown") << " after "
        << g.completed_turns << "/" << g.max_turns << " turns, winner "
        << g.winner.value_or("none") << "\n";
    if (!g.error.empty()) out << "  error: " << g.error << "\n";
    out << "  " << std::left << std::setw(18) << "player" << std::setw(22)
        << "agent" << std::right << std::setw(7) << "cities" << std::setw(6)
        << "units" << std::setw(6) << "techs" << std::setw(6) << "score"
        << std::setw(6) << "subs" << std::setw(6) << "rej" << std::setw(6)
        << "llm" << std::setw(6) << "fall"
        << "\n";
    for (const auto& p : g.players)
      out << "  " << std::left << std::setw(18) << p.name << std::setw(22)
          << p.agent << std::right << std::setw(7) << p.cities << std::setw(6)
          << p.units << std::setw(6) << p.techs << std::setw(6) << p.score
          << std::setw(6) << p.submissions << std::setw(6) << p.rejected
          << std::setw(6) << p.llm_calls << std::setw(6) << p.fallbacks << "\n";
  }
}

std::string summary_json(const std::vector<GameResult>& games) {
  std::string s = "{\"games\":[";
  for (std::size_t i = 0; i < games.size(); ++i) {
    const auto& g = games[i];
    s += std::string(i ? "," : "") + "{\"game_id\":" + json::quote(g.game_id) +
         ",\"status\":" + json::quote(g.status_text()) +
         ",\"completed_turns\":" + std::to_string(g.completed_turns) +
         ",\"winner\":" + (g.winner ? json::quote(*g.winner) : "null");
    if (!g.error.empty()) s += ",\"error\":" + json::quote(g.error);
    s += ",\"players\":[";
    for (std::size_t j = 0; j < g.players.size(); ++j) {
      const auto& p = g.players[j];
      s += std::string(j ? "," : "") + "{\"name\":" + json::quote(p.name) +
           ",\"agent\":" + json::quote(p.agent) +
           ",\"cities\":" + std::to_string(p.cities) +
           ",\"units\":" + std::to_string(p.units) +
           ",\"techs\":" + std::to_string(p.techs) +
           ",\"score\":" + std::to_string(p.score) +
           ",\"submissions\":" + std::to_string(p.submissions) +
           ",\"rejected\":" + std::to_string(p.rejected) +
           ",\"llm_calls\":" + std::to_string(p.llm_calls) +
           ",\"fallbacks\":" + std::to_string(p.fallbacks) + "}";
    }
    s += "]}";
  }
  return s + "]}";
}

}  // namespace fourex::agents
