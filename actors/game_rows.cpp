// Rows of a game actor (see game_rows.hpp).
#include "actors/game_rows.hpp"

#include <utility>

namespace fourex::actors {

persistence::GameUpdate progress_update(const GameRecord& record,
                                        const game::State& state,
                                        const std::string& state_hash) {
  auto row = row_from_record(record, state, state_hash);
  return {.game_id = record.game_id,
          .status = row.status,
          .turn = row.turn,
          .completed_turns = row.completed_turns,
          .state_hash = std::move(row.state_hash),
          .winner = std::move(row.winner),
          .deadline_at_ms = row.deadline_at_ms};
}

persistence::SnapshotRow snapshot_row(const std::string& game_id,
                                      const game::State& state,
                                      const std::string& state_hash,
                                      std::string reason) {
  return {.game_id = game_id,
          .turn = game::completed_turns(state),
          .state_json = game::to_json(state),
          .state_hash = state_hash,
          .reason = std::move(reason)};
}

persistence::TurnRow turn_row(const std::string& game_id, int turn,
                              const std::string& state_hash,
                              std::string events_json,
                              std::int64_t duration_us) {
  return {.game_id = game_id,
          .turn = turn,
          .state_hash = state_hash,
          .events_json = std::move(events_json),
          .duration_us = duration_us};
}

persistence::WriteBatch submission_rows(const std::string& game_id, int turn,
                                        const std::string& player,
                                        const std::string& request_id,
                                        const std::string& orders_json,
                                        int order_count) {
  persistence::WriteBatch rows;
  rows.actions.push_back({.game_id = game_id,
                          .turn = turn,
                          .player = player,
                          .request_id = request_id,
                          .actions_json = orders_json,
                          .action_count = order_count});
  rows.stats.push_back({.game_id = game_id,
                        .player = player,
                        .submissions = 1,
                        .actions = order_count});
  return rows;
}

persistence::WriteBatch rejected_submission_rows(const std::string& game_id,
                                                 const std::string& player) {
  persistence::WriteBatch rows;
  rows.stats.push_back(
      {.game_id = game_id, .player = player, .rejected_actions = 1});
  return rows;
}

persistence::WriteBatch prompt_log_rows(const std::string& game_id,
                                        const std::string& player,
                                        const PromptLog& log) {
  persistence::WriteBatch rows;
  rows.prompt_logs.push_back({.game_id = game_id,
                              .player = player,
                              .turn = log.turn,
                              .provider = log.provider,
                              .model = log.model,
                              .prompt = log.prompt,
                              .response = log.response,
                              .thinking = log.thinking,
                              .prompt_tokens = log.prompt_tokens,
                              .completion_tokens = log.completion_tokens,
                              .thinking_tokens = log.thinking_tokens,
                              .latency_ms = log.latency_ms,
                              .error = log.error,
                              .fallback = log.fallback});
  rows.stats.push_back({.game_id = game_id,
                        .player = player,
                        .prompt_tokens = log.prompt_tokens,
                        .completion_tokens = log.completion_tokens,
                        .thinking_tokens = log.thinking_tokens,
                        .llm_calls = 1,
                        .latency_ms_total = log.latency_ms});
  return rows;
}

}  // namespace fourex::actors
