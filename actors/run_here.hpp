// A request from a thread outside the actor system (an HTTP worker) runs
// the game actor it wakes on that same thread, instead of handing the actor
// to a scheduler worker and sleeping until it answers. The request's thread
// waits for the answer anyway; when the actor answers at once (a view, a
// game's info) the thread no longer sleeps at all and no parked worker is
// woken: ~1.4 context switches fewer per read (docs/benchmarks.md).
//
// The actor is still run by one thread at a time: CAF hands an idle actor
// to whichever execution unit unblocked its mailbox, here this thread's;
// an actor that is running or queued already just gets the message. Its
// state stays its own; only the thread that runs it changes.
#pragma once

#include <utility>

#include <caf/actor.hpp>
#include <caf/execution_unit.hpp>
#include <caf/message_id.hpp>

namespace fourex::actors {

// This thread's execution unit for `system`: runs a woken actor at once, for
// the message that woke it, then leaves the rest to the scheduler; an actor
// woken by the actor it runs (a nested send) goes to the scheduler.
caf::execution_unit& run_here_unit(caf::actor_system& system);

// Sends `msg` to `actor`; if the actor was idle, runs it on this thread.
template <class Msg>
void send_and_run_here(const caf::actor& actor, Msg&& msg) {
  if (!actor) return;
  actor->eq_impl(caf::make_message_id(), nullptr,
                 &run_here_unit(actor->home_system()), std::forward<Msg>(msg));
}

}  // namespace fourex::actors
