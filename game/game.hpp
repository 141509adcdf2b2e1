// The game engine's public surface: pure, deterministic 4X rules.
#pragma once

#include "game/analysis.hpp"
#include "game/bot.hpp"
#include "game/event_audience.hpp"
#include "game/events.hpp"
#include "game/hash.hpp"
#include "game/json.hpp"
#include "game/map_gen.hpp"
#include "game/orders.hpp"
#include "game/resolve.hpp"
#include "game/rules_doc.hpp"
#include "game/rules_tables.hpp"
#include "game/score.hpp"
#include "game/state.hpp"
#include "game/suggested_actions.hpp"
#include "game/validate.hpp"
#include "game/view.hpp"
