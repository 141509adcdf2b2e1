#include "actors/replies.hpp"

#include <ctime>
#include <map>

#include "actors/json_writer.hpp"

namespace fourex::actors::replies {
namespace {

using json::key_int;
using json::key_optional;
using json::key_raw;
using json::key_string;
using json::object;
using json::Writer;

// A game's "status", as API.md spells it (game::status_name).
void key_status(Writer& w, game::GameStatus status) {
  key_string(w, "status", game::status_name(status));
}

std::optional<std::string> winner_name(const game::State& s) {
  if (!s.winner) return std::nullopt;
  return s.players[*s.winner].name;
}

void progress_fields(Writer& w, const Progress& p) {
  key_string(w, "game_id", p.record.game_id);
  key_status(w, p.record.status);
  key_int(w, "turn", p.state.turn);
  key_int(w, "completed_turns", game::completed_turns(p.state));
  key_int(w, "max_turns", p.state.max_turns);
  key_string(w, "state_hash", p.state_hash);
}

}  // namespace

std::string iso_time(std::int64_t epoch_ms) {
  std::time_t secs = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf,
                static_cast<int>(epoch_ms % 1000));
  return out;
}

std::string quoted(const std::string& text) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.String(text);
  return buf.GetString();
}

std::string cluster(const std::string& node_id,
                    const persistence::ClusterView& view) {
  return object([&](Writer& w) {
    key_string(w, "node_id", node_id);
    w.Key("nodes");
    w.StartArray();
    for (const auto& n : view.nodes) {
      w.StartObject();
      key_string(w, "node_id", n.node_id);
      key_string(w, "address", n.address);
      key_string(w, "started_at", n.started_at);
      key_string(w, "expires_at", n.expires_at);
      w.Key("alive");
      w.Bool(n.alive);
      key_int(w, "games_owned", n.games_owned);
      w.EndObject();
    }
    w.EndArray();
    w.Key("games");
    w.StartArray();
    for (const auto& g : view.games) {
      w.StartObject();
      key_string(w, "game_id", g.game_id);
      w.Key("node_id");
      if (g.node_id)
        w.String(g.node_id->c_str(),
                 static_cast<rapidjson::SizeType>(g.node_id->size()));
      else
        w.Null();
      key_int(w, "epoch", g.epoch);
      w.EndObject();
    }
    w.EndArray();
  });
}

std::string replication(const persistence::ReplicationInfo& info) {
  auto seconds = [](Writer& w, const char* key, std::optional<double> value) {
    w.Key(key);
    if (value)
      w.Double(*value);
    else
      w.Null();
  };
  return object([&](Writer& w) {
    key_string(w, "server", info.server);
    w.Key("primary");
    w.Bool(!info.in_recovery);
    w.Key("standbys");
    w.StartArray();
    for (const auto& s : info.standbys) {
      w.StartObject();
      key_string(w, "name", s.name);
      key_string(w, "address", s.address);
      key_string(w, "state", s.state);
      key_string(w, "sync", s.sync);
      seconds(w, "replay_lag_s", s.replay_lag_s);
      w.EndObject();
    }
    w.EndArray();
    seconds(w, "wal_archived_age_s", info.wal_archived_age_s);
    key_int(w, "archive_failures", info.archive_failures);
    seconds(w, "backup_age_s", info.backup_age_s);
  });
}

std::string details(
    const std::vector<std::pair<std::string, std::string>>& raw_fields) {
  return object([&](Writer& w) {
    for (const auto& [k, v] : raw_fields) key_raw(w, k.c_str(), v);
  });
}

std::string info(const Progress& p) {
  return object([&](Writer& w) {
    progress_fields(w, p);
    w.Key("players");
    w.StartArray();
    for (std::size_t i = 0; i < p.state.players.size(); ++i) {
      const auto id = static_cast<game::PlayerId>(i);
      const auto& player = p.state.players[i];
      auto summary = game::summarize(p.state, id);
      w.StartObject();
      key_string(w, "name", player.name);
      key_string(w, "personality", player.personality);
      w.Key("alive");
      w.Bool(player.alive);
      key_int(w, "score", summary.score);
      key_int(w, "cities", summary.cities);
      key_int(w, "units", summary.units);
      key_int(w, "techs", summary.techs);
      w.Key("submitted");
      w.Bool(p.submitted.count(id) > 0);
      w.EndObject();
    }
    w.EndArray();
    key_int(w, "last_snapshot_turn", p.last_snapshot_turn);
    key_optional(w, "winner", winner_name(p.state));
    key_int(w, "turn_timeout_ms", p.record.settings.turn_timeout_ms);
    key_string(w, "created_at", iso_time(p.record.created_at_ms));
    key_string(w, "updated_at", iso_time(p.record.updated_at_ms));
  });
}

std::string view(const Progress& p, game::PlayerId player) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key_string(w, "game_id", p.record.game_id);
  key_status(w, p.record.status);
  key_string(w, "state_hash", p.state_hash);
  key_int(w, "completed_turns", game::completed_turns(p.state));
  key_int(w, "max_turns", p.state.max_turns);
  w.Key("submitted");
  w.Bool(p.submitted.count(player) > 0);
  w.Key("waiting_for");
  w.StartArray();
  for (std::size_t i = 0; i < p.state.players.size(); ++i)
    if (p.state.players[i].alive &&
        !p.submitted.count(static_cast<game::PlayerId>(i)))
      w.String(p.state.players[i].name);
  w.EndArray();
  key_optional(w, "winner", winner_name(p.state));
  game::write_view_fields(p.state, player, w);
  w.EndObject();
  return buf.GetString();
}

std::string dry_run(int turn, std::size_t orders,
                    const std::vector<game::Violation>& violations) {
  return object([&](Writer& w) {
    key_int(w, "turn", turn);
    w.Key("valid");
    w.Bool(violations.empty());
    w.Key("orders");
    w.StartArray();
    auto next = violations.begin();
    for (std::size_t i = 0; i < orders; ++i) {
      w.StartObject();
      key_int(w, "index", static_cast<std::int64_t>(i));
      const bool bad = next != violations.end() && next->index == i;
      w.Key("valid");
      w.Bool(!bad);
      if (bad) {
        key_string(w, "rule", next->rule);
        key_string(w, "message", next->message);
        ++next;
      }
      w.EndObject();
    }
    w.EndArray();
  });
}

std::string accepted(int turn) {
  return object([&](Writer& w) {
    w.Key("accepted");
    w.Bool(true);
    key_int(w, "turn", turn);
    w.Key("durable");
    w.Bool(true);
  });
}

std::string created(const GameRecord& record,
                    const std::vector<std::string>& tokens) {
  return object([&](Writer& w) {
    key_string(w, "game_id", record.game_id);
    key_int(w, "turn", 1);
    w.Key("players");
    w.StartArray();
    for (std::size_t i = 0; i < record.players.size(); ++i) {
      w.StartObject();
      key_string(w, "name", record.players[i].name);
      key_string(w, "personality", record.players[i].personality);
      key_string(w, "token", tokens[i]);
      w.EndObject();
    }
    w.EndArray();
  });
}

namespace {

// A game as the list and an archived game's info show it: from its row.
void listed_game(Writer& w, const persistence::GameRow& row,
                 const std::map<std::string, persistence::GameListing>& more) {
  static const persistence::GameListing kNothingYet;
  GameRecord record = record_from_row(row);
  auto found = more.find(row.game_id);
  const auto& listing = found == more.end() ? kNothingYet : found->second;
  w.StartObject();
  key_string(w, "game_id", row.game_id);
  key_status(w, row.status);
  key_int(w, "turn", row.turn);
  key_int(w, "completed_turns", row.completed_turns);
  key_int(w, "max_turns", row.max_turns);
  w.Key("players");
  w.StartArray();
  for (const auto& p : record.players) {
    auto it = listing.players.find(p.name);
    const persistence::ListedPlayer listed =
        it == listing.players.end() ? persistence::ListedPlayer{} : it->second;
    w.StartObject();
    key_string(w, "name", p.name);
    key_string(w, "personality", p.personality);
    w.Key("alive");
    w.Bool(listed.alive);
    key_int(w, "score", listed.score.value_or(0));
    w.Key("submitted");
    w.Bool(listed.submitted);
    w.EndObject();
  }
  w.EndArray();
  key_string(w, "state_hash", row.state_hash);
  key_int(w, "last_snapshot_turn", listing.last_snapshot_turn);
  key_optional(w, "winner", row.winner);
  key_string(w, "created_at", iso_time(row.created_at_ms));
  key_string(w, "updated_at", iso_time(row.updated_at_ms));
  w.EndObject();
}

}  // namespace

std::string listed_info(
    const persistence::GameRow& row,
    const std::map<std::string, persistence::GameListing>& more) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  listed_game(w, row, more);
  return buf.GetString();
}

std::string games(const std::vector<persistence::GameRow>& rows,
                  const std::map<std::string, persistence::GameListing>& more,
                  const std::string& next) {
  return object([&](Writer& w) {
    w.Key("games");
    w.StartArray();
    for (const auto& row : rows) listed_game(w, row, more);
    w.EndArray();
    w.Key("next");
    if (next.empty())
      w.Null();
    else
      w.String(next);
  });
}

std::string events_for(const game::Events& events, const Audience& audience) {
  return game::events_to_json(
      audience.everything ? events
                          : game::events_seen_by(events, audience.player));
}

std::string turns(const std::vector<persistence::TurnRow>& rows,
                  const std::vector<persistence::ActionRow>& actions,
                  const Audience& audience) {
  std::map<int, std::vector<const persistence::ActionRow*>> by_turn;
  for (const auto& a : actions)
    if (audience.everything || a.player == audience.player)
      by_turn[a.turn].push_back(&a);
  return object([&](Writer& w) {
    w.Key("turns");
    w.StartArray();
    for (const auto& t : rows) {
      w.StartObject();
      key_int(w, "turn", t.turn);
      key_string(w, "state_hash", t.state_hash);
      w.Key("actions");
      w.StartObject();
      for (const auto* a : by_turn[t.turn])
        key_raw(w, a->player.c_str(), a->actions_json);
      w.EndObject();
      key_raw(
          w, "events",
          audience.everything
              ? t.events_json
              : events_for(game::events_from_json(t.events_json), audience));
      key_string(w, "processed_at", iso_time(t.processed_at_ms));
      key_int(w, "duration_us", t.duration_us);
      w.EndObject();
    }
    w.EndArray();
  });
}

std::string prompt_logs(const std::vector<persistence::PromptLogRow>& rows) {
  return object([&](Writer& w) {
    w.Key("prompt_logs");
    w.StartArray();
    for (const auto& r : rows) {
      w.StartObject();
      key_int(w, "id", r.id);
      key_string(w, "player", r.player);
      key_int(w, "turn", r.turn);
      key_string(w, "provider", r.provider);
      key_string(w, "model", r.model);
      key_string(w, "prompt", r.prompt);
      key_string(w, "response", r.response);
      key_string(w, "thinking", r.thinking);
      key_int(w, "prompt_tokens", r.prompt_tokens);
      key_int(w, "completion_tokens", r.completion_tokens);
      key_int(w, "thinking_tokens", r.thinking_tokens);
      key_int(w, "latency_ms", r.latency_ms);
      key_optional(w, "error", r.error);
      w.Key("fallback");
      w.Bool(r.fallback);
      key_string(w, "created_at", iso_time(r.created_at_ms));
      w.EndObject();
    }
    w.EndArray();
  });
}

std::string stats(const std::string& game_id,
                  const std::vector<persistence::PlayerStatsRow>& rows,
                  const Audience& audience) {
  return object([&](Writer& w) {
    key_string(w, "game_id", game_id);
    w.Key("players");
    w.StartArray();
    for (const auto& r : rows) {
      w.StartObject();
      key_string(w, "player", r.player);
      // Another player's figures during the game: only what every view's
      // list of players shows (its score, cities and techs).
      if (!audience.everything && r.player != audience.player) {
        key_int(w, "cities", r.cities);
        key_int(w, "techs", r.techs);
        key_int(w, "score", r.score);
        w.EndObject();
        continue;
      }
      key_int(w, "submissions", r.submissions);
      key_int(w, "actions", r.actions);
      key_int(w, "rejected_actions", r.rejected_actions);
      w.Key("tokens");
      w.StartObject();
      key_int(w, "prompt", r.prompt_tokens);
      key_int(w, "completion", r.completion_tokens);
      key_int(w, "thinking", r.thinking_tokens);
      w.EndObject();
      key_int(w, "llm_calls", r.llm_calls);
      key_int(w, "fallbacks", r.fallbacks);
      w.Key("latency_ms_mean");
      w.Double(r.latency_ms_mean);
      w.Key("latency_ms_p95");
      w.Double(r.latency_ms_p95);
      key_int(w, "cities", r.cities);
      key_int(w, "units", r.units);
      key_int(w, "techs", r.techs);
      key_int(w, "score", r.score);
      w.EndObject();
    }
    w.EndArray();
  });
}

std::string restored(const RecoveredGame& game) {
  return object([&](Writer& w) {
    key_string(w, "game_id", game.record.game_id);
    key_int(w, "restored_from_snapshot_turn", game.snapshot_turn);
    key_int(w, "replayed_turns", game.replayed_turns);
    key_int(w, "completed_turns", game::completed_turns(game.state));
    key_string(w, "state_hash", game.state_hash);
    w.Key("verified");
    w.Bool(true);
  });
}

std::string replay(const std::string& game_id, const RecoveredGame& game) {
  return object([&](Writer& w) {
    key_string(w, "game_id", game_id);
    key_int(w, "turn", game::completed_turns(game.state));
    key_string(w, "state_hash", game.state_hash);
    key_int(w, "restored_from_snapshot_turn", game.snapshot_turn);
    key_raw(w, "state", game::to_json(game.state));
  });
}

std::string snapshot_taken(const std::string& game_id, int turn,
                           const std::string& state_hash) {
  return object([&](Writer& w) {
    key_string(w, "game_id", game_id);
    key_int(w, "snapshot_turn", turn);
    key_string(w, "state_hash", state_hash);
  });
}

std::string status_changed(const std::string& game_id,
                           game::GameStatus status) {
  return object([&](Writer& w) {
    key_string(w, "game_id", game_id);
    key_status(w, status);
  });
}

std::string turn_event(int turn, const std::string& state_hash,
                       const std::string& events_json) {
  return object([&](Writer& w) {
    key_int(w, "turn", turn);
    key_string(w, "state_hash", state_hash);
    key_raw(w, "events", events_json);
  });
}

std::string finished_event(const GameRecord& record, const game::State& s) {
  return object([&](Writer& w) {
    key_string(w, "game_id", record.game_id);
    key_int(w, "completed_turns", game::completed_turns(s));
    key_optional(w, "winner", winner_name(s));
    w.Key("scores");
    w.StartObject();
    for (std::size_t i = 0; i < s.players.size(); ++i)
      key_int(w, s.players[i].name.c_str(),
              game::score(s, static_cast<game::PlayerId>(i)));
    w.EndObject();
  });
}

}  // namespace fourex::actors::replies
