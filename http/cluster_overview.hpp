// GET /admin/v1/overview in a cluster (issue 13): the same answer on every
// node. What the database knows (games by status, replication) is read
// once; what only a node knows (actors in memory, writers, recovery,
// reconnects) is asked of every live node (`?scope=node`: that node's own
// overview) and given per node under "nodes", and at the top summed where
// figures add up, the worst node's where they do not (commit latency, time
// without a primary), so that a single node's answer keeps its shape.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace fourex::http {

// A peer's own overview (GET <address>/admin/v1/overview?scope=node), or
// nullopt when it did not answer.
using FetchOverview =
    std::function<std::optional<std::string>(const std::string& address)>;

// Asks the peer over HTTP with the admin token (1 s to connect, 3 s to
// answer: a frozen peer delays the overview, it does not hang it).
FetchOverview ask_peer(std::string admin_token);

// `self`: this node's own overview (JSON object); `cluster`: the body of
// /admin/v1/cluster. Throws std::runtime_error when either is not the
// expected JSON.
std::string cluster_overview(const std::string& self,
                             const std::string& cluster,
                             const FetchOverview& fetch);

}  // namespace fourex::http
