#include "agents/tournament_runner.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>

#include "agents/json.hpp"
#include "agents/orchestrator.hpp"
#include "agents/token_file.hpp"

namespace fourex::agents {
namespace {

// Entrant name -> agent spec, from a tournament's "config".
std::map<std::string, std::string> agents_of(const rapidjson::Value& config) {
  std::map<std::string, std::string> out;
  if (const auto* es = json::member(config, "entrants"); es && es->IsArray())
    for (const auto& e : es->GetArray())
      out[json::str(e, "name")] = json::str(e, "agent");
  return out;
}

struct PendingGame {
  std::string game_id;
  std::vector<StoredPlayer> seats;
};

// One token file per game of a creation's or a round's answer (every seat
// with its entrant's agent spec, external ones included, for their
// operators).
void save_game_tokens(const TournamentOptions& o,
                      const std::map<std::string, std::string>& agents,
                      const rapidjson::Value& answer) {
  const auto* games = json::member(answer, "games");
  if (!games || !games->IsArray()) return;
  for (const auto& g : games->GetArray()) {
    std::vector<StoredPlayer> seats;
    const auto* tokens = json::member(g, "tokens");
    if (const auto* names = json::member(g, "seats");
        names && names->IsArray() && tokens)
      for (const auto& n : names->GetArray()) {
        const std::string name = n.GetString();
        const auto agent = agents.find(name);
        seats.push_back({name, agent == agents.end() ? "" : agent->second,
                         json::str(*tokens, name.c_str())});
      }
    save_tokens(o.token_dir, json::str(g, "game_id"), o.server, seats);
  }
}

// Plays `pending` to their ends, `parallel` at a time, in schedule order.
void play_pending(const TournamentOptions& o,
                  const std::vector<PendingGame>& pending, TournamentRun& run,
                  std::set<std::string>& played, std::ostream* progress) {
  std::mutex mutex;  // guards run and progress
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  const int threads = std::max(1, o.parallel);
  for (int w = 0; w < threads; ++w)
    workers.emplace_back([&] {
      for (auto k = next++; k < pending.size(); k = next++) {
        PlayOptions play;
        play.server = o.server;
        play.game_id = pending[k].game_id;
        play.token_dir = o.token_dir;
        play.llm = o.llm;
        play.retry_budget_s = o.retry_budget_s;
        auto results = play_games(play, nullptr);
        std::lock_guard lock(mutex);
        const auto& r = results.at(0);
        if (!r.error.empty() || !r.finished()) {
          run.errors.push_back("game " + pending[k].game_id + ": " +
                               (r.error.empty() ? r.status_text() : r.error));
          continue;
        }
        ++run.played;
        played.insert(pending[k].game_id);
        if (progress)
          *progress << "game " << r.game_id << " finished after "
                    << r.completed_turns << " turns, winner "
                    << r.winner.value_or("none") << std::endl;
      }
    });
  for (auto& t : workers) t.join();
}

// A Swiss tournament's round through POST /rounds (made, or answered
// again with the same tokens), its token files written. Empty, or why not.
std::string ask_round(const TournamentOptions& o, const ApiClient& api,
                      const std::string& tournament_id,
                      const std::map<std::string, std::string>& agents,
                      int round) {
  const auto organizer = load_organizer_token(o.token_dir, tournament_id);
  if (organizer.empty())
    return "no organizer token in " + o.token_dir + "/" + tournament_id +
           ".organizer";
  auto reply =
      api.post("/api/v1/tournaments/" + url_encode(tournament_id) + "/rounds",
               organizer, "{\"round\":" + std::to_string(round) + "}");
  if (!reply.ok())
    return "round " + std::to_string(round) + ": " + reply.describe();
  save_game_tokens(o, agents, reply.json);
  return "";
}

}  // namespace

ApiReply create_tournament(const TournamentOptions& o,
                           const std::string& body) {
  const ApiClient api(o.server, std::chrono::seconds(o.retry_budget_s));
  auto reply = api.post("/api/v1/tournaments", o.admin_token, body);
  if (reply.status != 201) return reply;
  const auto* config = json::member(reply.json, "config");
  if (auto organizer = json::str(reply.json, "organizer_token");
      !organizer.empty())
    save_organizer_token(o.token_dir, json::str(reply.json, "tournament_id"),
                         organizer);
  save_game_tokens(
      o, config ? agents_of(*config) : std::map<std::string, std::string>{},
      reply.json);
  return reply;
}

TournamentRun run_tournament(const TournamentOptions& o,
                             const std::string& tournament_id,
                             std::ostream* progress) {
  const ApiClient api(o.server, std::chrono::seconds(o.retry_budget_s));
  const std::string path = "/api/v1/tournaments/" + url_encode(tournament_id);
  TournamentRun run;
  auto described = api.get(path);
  const auto* config = json::member(described.json, "config");
  if (!described.ok() || !config) {
    run.errors.push_back("tournament " + tournament_id + ": " +
                         described.describe());
    return run;
  }
  const auto agents = agents_of(*config);
  const bool swiss = json::str(*config, "format") == "swiss";
  const auto rounds = json::num(*config, "rounds", 1);
  std::set<std::string> played;  // by this run
  int storing_waits = 0;         // 50 ms each

  // A Swiss tournament round by round: its games, then the next round
  // from their results; a round robin in one pass.
  for (bool more = true; more && run.errors.empty();) {
    auto listed = api.get(path + "/games");
    const auto* games = json::member(listed.json, "games");
    if (!listed.ok() || !games || !games->IsArray()) {
      run.errors.push_back("tournament " + tournament_id + ": " +
                           listed.describe());
      return run;
    }
    std::vector<PendingGame> pending;
    std::set<std::int64_t> rounds_without_tokens;
    bool unfinished = false, storing = false;
    std::int64_t last_round = 0;
    run.already_finished = run.external_only = 0;
    for (const auto& g : games->GetArray()) {
      const auto game_id = json::str(g, "game_id");
      last_round = std::max(last_round, json::num(g, "round", 1));
      if (game::status_from_name(json::str(g, "status")) ==
          game::GameStatus::finished) {
        if (!played.count(game_id)) ++run.already_finished;
        continue;
      }
      unfinished = true;
      if (played.count(game_id)) {
        // Played to its end here; its last turn is being stored.
        storing = true;
        continue;
      }
      auto stored = load_tokens(o.token_dir, game_id);
      if (!stored && swiss) {
        // The round's answer was lost: asked again, it gives the same
        // tokens.
        rounds_without_tokens.insert(json::num(g, "round", 1));
        continue;
      }
      if (!stored) {
        run.errors.push_back("game " + game_id + ": no token file in " +
                             o.token_dir);
        continue;
      }
      bool ours = false;
      for (const auto& s : *stored)
        ours = ours || s.agent.rfind(kExternalAgent, 0) != 0;
      if (!ours) {
        ++run.external_only;
        continue;
      }
      pending.push_back({game_id, std::move(*stored)});
    }
    if (!rounds_without_tokens.empty()) {
      for (auto round : rounds_without_tokens)
        if (auto e = ask_round(o, api, tournament_id, agents,
                               static_cast<int>(round));
            !e.empty())
          run.errors.push_back(e);
      continue;
    }
    if (pending.empty() && storing) {
      if (++storing_waits > o.retry_budget_s * 20) {
        run.errors.push_back(
            "the server does not list as finished the "
            "games played to their end here");
        return run;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    if (pending.empty()) {
      // Every game of the schedule so far is finished (or external): the
      // next Swiss round, if any is left and nothing is still being played.
      more = swiss && !unfinished && last_round < rounds;
      if (more)
        if (auto e = ask_round(o, api, tournament_id, agents,
                               static_cast<int>(last_round + 1));
            !e.empty())
          run.errors.push_back(e);
      continue;
    }
    play_pending(o, pending, run, played, progress);
  }
  return run;
}

}  // namespace fourex::agents
