#include "http/cluster_overview.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fourex::http {
namespace {

// Figures of one node that add up across nodes, and those where the
// cluster's is the worst node's.
constexpr const char* kSummed[] = {
    "actors_in_memory",   "recovering",     "recovered",    "recovery_failed",
    "writer_queue_depth", "writer_batches", "db_reconnects"};
constexpr const char* kWorst[] = {"commit_ms_p50", "commit_ms_p99",
                                  "db_without_primary_s"};
// Means over a node's batches: the cluster's weighs each node's by them.
constexpr const char* kPerBatch[] = {"writer_batch_mean", "writer_rows_mean"};
// The database's figures: the same read on every node.
constexpr const char* kShared[] = {"games_by_status", "database"};

rapidjson::Document parse(const std::string& text, const char* what) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError() || !d.IsObject())
    throw std::runtime_error(std::string(what) + " is not a JSON object");
  return d;
}

double number(const rapidjson::Value& o, const char* key) {
  auto it = o.FindMember(key);
  return it != o.MemberEnd() && it->value.IsNumber() ? it->value.GetDouble()
                                                     : 0.0;
}

struct Node {
  std::string node_id, address;
  std::optional<rapidjson::Document> figures;  // nullopt: did not answer
};

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_number(Writer& w, double v, bool integral) {
  if (integral)
    w.Int64(static_cast<std::int64_t>(v));
  else
    w.Double(v);
}

}  // namespace

FetchOverview ask_peer(std::string admin_token) {
  return [token = std::move(admin_token)](
             const std::string& address) -> std::optional<std::string> {
    httplib::Client peer(address);
    peer.set_connection_timeout(1, 0);
    peer.set_read_timeout(3, 0);
    auto r = peer.Get("/admin/v1/overview", httplib::Params{{"scope", "node"}},
                      {{"Authorization", "Bearer " + token}});
    if (!r || r->status != 200) return std::nullopt;
    return r->body;
  };
}

std::string cluster_overview(const std::string& self,
                             const std::string& cluster,
                             const FetchOverview& fetch) {
  auto mine = parse(self, "this node's overview");
  auto members = parse(cluster, "the cluster");
  auto text_of = [](const rapidjson::Value& o, const char* key) {
    auto it = o.FindMember(key);
    if (it == o.MemberEnd() || !it->value.IsString())
      throw std::runtime_error(std::string("the cluster: no '") + key + "'");
    return std::string(it->value.GetString(), it->value.GetStringLength());
  };
  const std::string self_id = text_of(members, "node_id");
  auto list = members.FindMember("nodes");
  if (list == members.MemberEnd() || !list->value.IsArray())
    throw std::runtime_error("the cluster: no 'nodes'");

  std::vector<Node> nodes;
  for (const auto& n : list->value.GetArray()) {
    auto alive = n.IsObject() ? n.FindMember("alive") : n.MemberEnd();
    if (!n.IsObject() || alive == n.MemberEnd() || !alive->value.IsBool())
      throw std::runtime_error("the cluster: a node without 'alive'");
    if (!alive->value.GetBool()) continue;
    Node node{text_of(n, "node_id"), text_of(n, "address"), {}};
    if (node.node_id == self_id) {
      node.figures.emplace();
      node.figures->CopyFrom(mine, node.figures->GetAllocator());
    } else if (auto text = fetch(node.address)) {
      auto d = parse(*text, "a peer's overview");
      node.figures.emplace(std::move(d));
    }
    nodes.push_back(std::move(node));
  }
  std::sort(nodes.begin(), nodes.end(),
            [](const Node& a, const Node& b) { return a.node_id < b.node_id; });

  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  for (const char* key : kShared) {
    auto it = mine.FindMember(key);
    if (it == mine.MemberEnd()) continue;
    w.Key(key);
    it->value.Accept(w);
  }
  for (const char* key : kSummed) {
    double sum = 0;
    for (const auto& n : nodes)
      if (n.figures) sum += number(*n.figures, key);
    w.Key(key);
    write_number(w, sum, true);
  }
  for (const char* key : kWorst) {
    double worst = 0;
    for (const auto& n : nodes)
      if (n.figures) worst = std::max(worst, number(*n.figures, key));
    w.Key(key);
    write_number(w, worst, false);
  }
  for (const char* key : kPerBatch) {
    double weighted = 0, batches = 0;
    for (const auto& n : nodes) {
      if (!n.figures) continue;
      double b = number(*n.figures, "writer_batches");
      weighted += b * number(*n.figures, key);
      batches += b;
    }
    w.Key(key);
    write_number(w, batches > 0 ? weighted / batches : 0.0, false);
  }
  w.Key("nodes");
  w.StartArray();
  for (const auto& n : nodes) {
    w.StartObject();
    w.Key("node_id");
    w.String(n.node_id.c_str(),
             static_cast<rapidjson::SizeType>(n.node_id.size()));
    w.Key("address");
    w.String(n.address.c_str(),
             static_cast<rapidjson::SizeType>(n.address.size()));
    w.Key("answered");
    w.Bool(n.figures.has_value());
    if (n.figures)
      for (const auto& m : n.figures->GetObject()) {
        const std::string key = m.name.GetString();
        if (key == "games_by_status" || key == "database" || key == "nodes")
          continue;
        w.Key(m.name.GetString(), m.name.GetStringLength());
        m.value.Accept(w);
      }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

}  // namespace fourex::http
