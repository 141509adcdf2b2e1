// Where a game is served in a cluster of fourex nodes (issue 13): here, on a
// live peer (http/ forwards the request there, one hop), or nowhere for now
// (its owner's lease has not yet expired: 503 with Retry-After).
#pragma once

#include <string>

namespace fourex::actors {

struct Placement {
  enum class Kind {
    local,        // this node owns the game, or may claim it on first touch
    remote,       // a live peer owns it: forward to owner_address
    unavailable,  // the owner is presumed dead but its lease runs on
  };
  Kind kind = Kind::local;
  std::string owner_address;  // remote: the owner's advertised base URL
  int retry_after_s = 0;      // unavailable: when to ask again
};

}  // namespace fourex::actors
