// `fourex tournament`: creates a tournament through the API (keeping the
// seats' tokens in token files, as `fourex play` does), and runs it: plays
// every built-in seat (bots, LLM agents) of every unfinished game over
// HTTP, and asks for a Swiss tournament's next round when one ends.
// Resumable: run it again after any crash, of itself or the server;
// finished games are skipped and the others continue at the server's turn.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "agents/api_client.hpp"
#include "agents/llm_agent.hpp"

namespace fourex::agents {

struct TournamentOptions {
  std::string server = "http://127.0.0.1:8000";
  std::string token_dir = ".local/tournaments";
  std::string admin_token;  // ADMIN_TOKEN: creates where GAME_CREATION=admin
  int parallel = 4;         // games played at once
  LlmConfig llm;
  int retry_budget_s = 120;  // how long a call retries an absent server
};

// POST /api/v1/tournaments with `body` (docs/api.md); on 201 writes one
// token file per game (<token_dir>/<game_id>.json, every seat with its
// entrant's agent spec, external ones included, for their operators) and a
// Swiss tournament's organizer token (<token_dir>/<id>.organizer).
ApiReply create_tournament(const TournamentOptions& o, const std::string& body);

struct TournamentRun {
  int played = 0;                   // games this run played to their end
  int already_finished = 0;         // finished before this run
  int external_only = 0;            // no seat played here
  std::vector<std::string> errors;  // one per game that could not be played
};

// Plays the tournament's unfinished games, `parallel` at a time, in
// schedule order; a Swiss tournament's next rounds as the rounds before
// them end (until a round waits for an external entrant's game).
// progress: one line per game done, or null.
TournamentRun run_tournament(const TournamentOptions& o,
                             const std::string& tournament_id,
                             std::ostream* progress);

}  // namespace fourex::agents
