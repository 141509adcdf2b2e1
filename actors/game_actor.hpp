// One actor per game: owns the game's State and serializes everything that
// touches it — submissions, turn resolution, deadlines, views, long-polls and
// event streams. Its rows go to its writer; it never blocks on I/O.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <caf/all.hpp>

#include "actors/durability.hpp"
#include "actors/game_registry.hpp"
#include "actors/recovery.hpp"
#include "config/config.hpp"

namespace fourex::actors {

// What every game actor shares.
struct GameServices {
  config::Config config;
  Durability* durability = nullptr;  // where its rows go
  GameRegistry* registry = nullptr;
  // Gives up the lease of a game that went idle and left memory (its rows
  // are committed): another node, or this one, may claim it on next touch.
  std::function<void(const std::string&, const persistence::Lease&)> release;
};

// Starts the actor for a game that is new or was just recovered, holding
// `lease` (every row it writes carries it); it writes `initial.repairs`
// first.
caf::actor spawn_game_actor(caf::actor_system& system,
                            std::shared_ptr<const GameServices> services,
                            RecoveredGame initial, persistence::Lease lease);

}  // namespace fourex::actors
