// `fourex play`: runs N games at once against a server, one thread per
// player, every player acting in parallel within a turn. Survives a server
// restart (the API client retries; submissions carry a request_id derived
// from game, player and turn; each loop resumes at the server's turn).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "agents/agent_spec.hpp"
#include "agents/llm_agent.hpp"
#include "game/game_status.hpp"

namespace fourex::agents {

struct PlayOptions {
  std::string server = "http://127.0.0.1:8000";
  std::vector<AgentSpec> agents;
  int games = 1;
  int max_turns = 20;
  int width = 16, height = 16;
  long long seed = 1;
  std::string game_id;  // continue or create; with games > 1, "<id>-<k>"
  // USE_PERSISTENT_GAME_CLIENT: continue a stored game named by game_id;
  // when false, an existing game_id is an error rather than a resume.
  bool resume_existing = true;
  // ADMIN_TOKEN, when set: creates the games where GAME_CREATION=admin, and
  // is not counted against GAME_CREATIONS_PER_MIN.
  std::string admin_token;
  std::string token_dir = ".local/play";
  LlmConfig llm;
  int retry_budget_s = 120;  // how long a call retries an absent server
};

struct PlayerResult {
  std::string name, agent;
  int cities = 0, units = 0, techs = 0, score = 0;
  int submissions = 0, rejected = 0, llm_calls = 0, fallbacks = 0;
};

struct GameResult {
  std::string game_id;
  std::optional<game::GameStatus> status;  // none: its info never came
  int completed_turns = 0, max_turns = 0;
  std::optional<std::string> winner;
  std::vector<PlayerResult> players;
  std::string error;  // why the game could not be played, if it could not

  bool finished() const { return status == game::GameStatus::finished; }
  // The status's API text; "" when none came.
  std::string status_text() const {
    return status ? std::string(game::status_name(*status)) : std::string();
  }
};

// Plays every game to its end. progress: live lines (redrawn in place),
// or null for none.
std::vector<GameResult> play_games(const PlayOptions& options,
                                   std::ostream* progress);

void print_summary(std::ostream& out, const std::vector<GameResult>& games);
std::string summary_json(const std::vector<GameResult>& games);

}  // namespace fourex::agents
