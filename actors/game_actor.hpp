// One actor per game: owns the game's State and serializes everything that
// touches it — submissions, turn resolution, deadlines, views, long-polls and
// event streams. Its rows go to its writer; it never blocks on I/O.
#pragma once

#include <memory>

#include <caf/all.hpp>

#include "actors/game_registry.hpp"
#include "actors/recovery.hpp"
#include "actors/writer_pool.hpp"
#include "config/config.hpp"

namespace fourex::actors {

// What every game actor shares.
struct GameServices {
  config::Config config;
  WriterPool* writers = nullptr;
  GameRegistry* registry = nullptr;
};

// Starts the actor for a game that is new or was just recovered; it writes
// `initial.repairs` first.
caf::actor spawn_game_actor(caf::actor_system& system,
                            std::shared_ptr<const GameServices> services,
                            RecoveredGame initial);

}  // namespace fourex::actors
