// Messages to a game actor. Each carries the Reply its HTTP thread waits
// on (actors/reply.hpp): the actor, or the writer once the rows are
// committed, answers it; a message that reaches a stopped actor leaves it
// unread, which the sender takes as "activate the game again and retry".
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/audience.hpp"
#include "actors/durability.hpp"
#include "actors/event_channel.hpp"
#include "actors/recovery.hpp"
#include "actors/reply.hpp"
#include "actors/requests.hpp"
#include "actors/result.hpp"
#include "game/game.hpp"

namespace fourex::actors {

struct SubmitMsg {
  Principal who;
  Submission submission;
  game::Orders orders;
  std::string orders_json;  // canonical
  Reply reply;
};

struct ViewMsg {
  Principal who;
  ViewRequest request;
  Reply reply;
};

// A dry run of orders for the caller's player: nothing is written.
struct DryRunMsg {
  Principal who;
  game::Orders orders;
  Reply reply;
};

struct InfoMsg {
  Reply reply;
};

struct SubscribeMsg {
  Principal who;
  std::shared_ptr<EventChannel> channel;
  Reply reply;
};

struct PromptLogMsg {
  Principal who;
  PromptLog log;
  Reply reply;
};

struct AdminMsg {
  AdminCommand command;
  Reply reply;
};

// Answers once every row this game sent to its writer before it is
// committed: reads after it see the game's whole history.
struct SyncMsg {
  Reply reply;
};

// POST /restore: take the rebuilt state if the game has not moved on.
struct ReplaceMsg {
  std::shared_ptr<RecoveredGame> recovered;
  Reply reply;
};

// A submission's rows are committed (or not).
struct CommittedMsg {
  game::PlayerId player = 0;
  int turn = 0;
  WriteStatus status;
};

// Shutdown: snapshot if the newest snapshot is behind, then stop.
struct ShutdownMsg {
  Reply reply;
};

}  // namespace fourex::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::SubmitMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::ViewMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::DryRunMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::InfoMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::SubscribeMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::PromptLogMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::AdminMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::SyncMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::ReplaceMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::CommittedMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::ShutdownMsg)
