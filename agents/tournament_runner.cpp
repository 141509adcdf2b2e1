#include "agents/tournament_runner.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <ostream>
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

}  // namespace

ApiReply create_tournament(const TournamentOptions& o,
                           const std::string& body) {
  const ApiClient api(o.server, std::chrono::seconds(o.retry_budget_s));
  auto reply = api.post("/api/v1/tournaments", o.admin_token, body);
  if (reply.status != 201) return reply;
  const auto* config = json::member(reply.json, "config");
  const auto agents =
      config ? agents_of(*config) : std::map<std::string, std::string>{};
  if (const auto* games = json::member(reply.json, "games");
      games && games->IsArray())
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
  return reply;
}

TournamentRun run_tournament(const TournamentOptions& o,
                             const std::string& tournament_id,
                             std::ostream* progress) {
  const ApiClient api(o.server, std::chrono::seconds(o.retry_budget_s));
  TournamentRun run;
  auto listed =
      api.get("/api/v1/tournaments/" + url_encode(tournament_id) + "/games");
  if (!listed.ok()) {
    run.errors.push_back("tournament " + tournament_id + ": " +
                         listed.describe());
    return run;
  }
  std::vector<PendingGame> pending;
  if (const auto* games = json::member(listed.json, "games");
      games && games->IsArray())
    for (const auto& g : games->GetArray()) {
      const auto game_id = json::str(g, "game_id");
      if (game::status_from_name(json::str(g, "status")) ==
          game::GameStatus::finished) {
        ++run.already_finished;
        continue;
      }
      auto stored = load_tokens(o.token_dir, game_id);
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
        if (progress)
          *progress << "game " << r.game_id << " finished after "
                    << r.completed_turns << " turns, winner "
                    << r.winner.value_or("none") << std::endl;
      }
    });
  for (auto& t : workers) t.join();
  return run;
}

}  // namespace fourex::agents
