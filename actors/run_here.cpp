#include "actors/run_here.hpp"

#include <caf/actor_system.hpp>
#include <caf/resumable.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

namespace fourex::actors {
namespace {

// Messages an actor handles on the caller's thread: the one the caller sent
// (it found the mailbox empty). Whatever else is queued by then goes to the
// scheduler, so that no request's answer waits on other clients' messages
// (a player could otherwise slow an opponent's reads of the same game).
constexpr std::size_t kMessagesHere = 1;

class RunHere final : public caf::execution_unit {
 public:
  void use(caf::actor_system& system) { system_ = &system; }

  void exec_later(caf::resumable* job) override {
    if (running_) return system().scheduler().enqueue(job);
    running_ = true;
    auto result = job->resume(this, kMessagesHere);
    running_ = false;
    if (result == caf::resumable::resume_later)
      system().scheduler().enqueue(job);  // the reference goes with it
    else
      intrusive_ptr_release(job);
  }

 private:
  bool running_ = false;
};

}  // namespace

caf::execution_unit& run_here_unit(caf::actor_system& system) {
  // One per thread, living as long as the thread: the actor keeps a pointer
  // to the unit that ran it last (its context) until it runs again.
  thread_local RunHere unit;
  unit.use(system);
  return unit;
}

}  // namespace fourex::actors
