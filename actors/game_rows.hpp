// The rows a game actor writes, built from what it holds in memory: one
// place that knows which columns a submission, a resolved turn, a prompt
// log or a status change fills.
#pragma once

#include <cstdint>
#include <string>

#include "actors/game_record.hpp"
#include "actors/requests.hpp"
#include "game/game.hpp"
#include "persistence/rows.hpp"

namespace fourex::actors {

// The games row's progress and status after the game's last change.
persistence::GameUpdate progress_update(const GameRecord& record,
                                        const game::State& state,
                                        const std::string& state_hash);

// The full state, after its completed turns.
persistence::SnapshotRow snapshot_row(const std::string& game_id,
                                      const game::State& state,
                                      const std::string& state_hash,
                                      std::string reason);

// The log of the resolved `turn`, whose events are `events_json`.
persistence::TurnRow turn_row(const std::string& game_id, int turn,
                              const std::string& state_hash,
                              std::string events_json,
                              std::int64_t duration_us);

// An accepted submission of `player`'s orders, with its counters.
persistence::WriteBatch submission_rows(const std::string& game_id, int turn,
                                        const std::string& player,
                                        const std::string& request_id,
                                        const std::string& orders_json,
                                        int order_count);

// The counter of a submission refused as illegal.
persistence::WriteBatch rejected_submission_rows(const std::string& game_id,
                                                 const std::string& player);

// One LLM call of `player`, with its counters.
persistence::WriteBatch prompt_log_rows(const std::string& game_id,
                                        const std::string& player,
                                        const PromptLog& log);

}  // namespace fourex::actors
