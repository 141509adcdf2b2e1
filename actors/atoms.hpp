// The CAF atoms of fourex's actors (at most 10 characters each).
#pragma once

#include <caf/atom.hpp>

namespace fourex::actors {

using stop_atom = caf::atom_constant<caf::atom("stop")>;
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;
using waiter_atom = caf::atom_constant<caf::atom("waiter")>;
using rewrite_atom = caf::atom_constant<caf::atom("rewrite")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;
// The game's lease is lost (the fence refused its rows, or this node was
// presumed dead): stop at once, writing nothing.
using lost_atom = caf::atom_constant<caf::atom("lost")>;

}  // namespace fourex::actors
