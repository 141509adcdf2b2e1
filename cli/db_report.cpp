// Text and JSON renderings of the `fourex db` reports.
#include "cli/db_report.hpp"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <optional>
#include <sstream>
#include <string>

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include "actors/replies.hpp"

namespace fourex::cli {
namespace {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::OStreamWrapper>;

// Writes one JSON document to out, built by fill, then a newline.
template <typename F>
void write_json(std::ostream& out, F&& fill) {
  rapidjson::OStreamWrapper stream(out);
  JsonWriter w(stream);
  w.SetIndent(' ', 2);
  fill(w);
  out << "\n";
}

void field(JsonWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value);
}

void field(JsonWriter& w, const char* key, std::int64_t value) {
  w.Key(key);
  w.Int64(value);
}

// with_players = false when the caller writes the players themselves.
void summary_fields(JsonWriter& w, const persistence::GameSummary& g,
                    bool with_players = true) {
  field(w, "game_id", g.game_id);
  field(w, "status", std::string(game::status_name(g.status)));
  field(w, "turn", g.turn);
  if (with_players) field(w, "players", g.players);
  field(w, "updated_at", g.updated_at);
}

void line(std::ostream& out, const char* label, const std::string& value) {
  out << std::left << std::setw(20) << label << value << "\n";
}

std::string age(std::optional<double> seconds, const char* unknown) {
  if (!seconds) return unknown;
  std::ostringstream s;
  s << std::fixed << std::setprecision(0) << *seconds << " s ago";
  return s.str();
}

// Which server took the connection, who follows it, how fresh the backups.
void print_replication(std::ostream& out,
                       const persistence::ReplicationInfo& r) {
  line(out, "server",
       r.server + (r.in_recovery ? " (standby, read-only)" : " (primary)"));
  if (r.standbys.empty()) line(out, "standbys", "none");
  for (const auto& s : r.standbys) {
    std::ostringstream lag;
    if (s.replay_lag_s)
      lag << ", replay lag " << std::fixed << std::setprecision(3)
          << *s.replay_lag_s << " s";
    line(out, "standby",
         s.name + " at " + s.address + ": " + s.state + ", " + s.sync +
             lag.str());
  }
  line(out, "WAL archived",
       age(r.wal_archived_age_s, "never") +
           (r.archive_failures > 0
                ? " (" + std::to_string(r.archive_failures) + " failures)"
                : ""));
  line(out, "newest backup", age(r.backup_age_s, "unknown"));
}

}  // namespace

std::string pretty_bytes(std::int64_t bytes) {
  static const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0)
    std::snprintf(text, sizeof text, "%lld bytes",
                  static_cast<long long>(bytes));
  else
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

void print_check(std::ostream& out, const CheckReport& r, bool json) {
  const auto& c = *r.config;
  if (json) {
    write_json(out, [&](JsonWriter& w) {
      w.StartObject();
      field(w, "database", r.server.database);
      field(w, "server_version", r.server.version);
      field(w, "schema_version", r.schema_version);
      field(w, "latest_schema_version", r.latest_schema_version);
      field(w, "database_bytes", r.server.database_bytes);
      auto replication = actors::replies::replication(r.replication);
      w.Key("replication");
      w.RawValue(replication.c_str(), replication.size(),
                 rapidjson::kObjectType);
      w.Key("pool");
      w.StartObject();
      field(w, "db_pool_size", c.db_pool_size);
      field(w, "db_max_overflow", c.db_max_overflow);
      field(w, "writer_count", c.writer_count);
      field(w, "writer_batch_max", c.writer_batch_max);
      field(w, "writer_queue_max", c.writer_queue_max);
      w.EndObject();
      w.EndObject();
    });
    return;
  }
  line(out, "database", config::redact_database_url(c.database_url));
  line(out, "server version", "PostgreSQL " + r.server.version);
  line(out, "schema version",
       std::to_string(r.schema_version) + " (latest " +
           std::to_string(r.latest_schema_version) + ")");
  line(out, "database size", pretty_bytes(r.server.database_bytes));
  line(out, "pool",
       "DB_POOL_SIZE=" + std::to_string(c.db_pool_size) +
           " DB_MAX_OVERFLOW=" + std::to_string(c.db_max_overflow) +
           " WRITER_COUNT=" + std::to_string(c.writer_count) +
           " WRITER_BATCH_MAX=" + std::to_string(c.writer_batch_max) +
           " WRITER_QUEUE_MAX=" + std::to_string(c.writer_queue_max));
  print_replication(out, r.replication);
}

void print_list(std::ostream& out,
                const std::vector<persistence::GameSummary>& games, bool json) {
  if (json) {
    write_json(out, [&](JsonWriter& w) {
      w.StartArray();
      for (const auto& g : games) {
        w.StartObject();
        summary_fields(w, g);
        w.EndObject();
      }
      w.EndArray();
    });
    return;
  }
  std::size_t id_width = 7;
  for (const auto& g : games) id_width = std::max(id_width, g.game_id.size());
  auto row = [&](const std::string& id, const std::string& status,
                 const std::string& turn, const std::string& players,
                 const std::string& updated) {
    out << std::left << std::setw(static_cast<int>(id_width) + 2) << id
        << std::setw(10) << status << std::right << std::setw(6) << turn
        << std::setw(9) << players << "  " << updated << "\n";
  };
  row("GAME_ID", "STATUS", "TURN", "PLAYERS", "UPDATED");
  for (const auto& g : games)
    row(g.game_id, std::string(game::status_name(g.status)),
        std::to_string(g.turn), std::to_string(g.players), g.updated_at);
  out << games.size() << (games.size() == 1 ? " game\n" : " games\n");
}

void print_info(std::ostream& out, const persistence::GameDetails& d,
                bool json) {
  if (json) {
    write_json(out, [&](JsonWriter& w) {
      w.StartObject();
      summary_fields(w, d.game, false);
      field(w, "created_at", d.created_at);
      field(w, "completed_turns", d.completed_turns);
      field(w, "max_turns", d.max_turns);
      field(w, "state_hash", d.state_hash);
      w.Key("winner");
      d.winner ? w.String(*d.winner) : w.Null();
      field(w, "turns_stored", d.turns_stored);
      field(w, "actions_stored", d.actions_stored);
      w.Key("snapshots");
      w.StartObject();
      field(w, "count", d.snapshots);
      field(w, "bytes", d.snapshot_bytes);
      w.Key("last_turn");
      d.last_snapshot_turn ? w.Int(*d.last_snapshot_turn) : w.Null();
      w.EndObject();
      w.Key("prompt_logs");
      w.StartObject();
      field(w, "count", d.prompt_logs);
      field(w, "prompt_tokens", d.prompt_tokens);
      field(w, "completion_tokens", d.completion_tokens);
      field(w, "thinking_tokens", d.thinking_tokens);
      w.EndObject();
      w.Key("players");
      w.StartArray();
      for (const auto& p : d.players) {
        w.StartObject();
        field(w, "name", p.name);
        field(w, "score", p.score);
        field(w, "cities", p.cities);
        field(w, "units", p.units);
        field(w, "techs", p.techs);
        field(w, "submissions", p.submissions);
        field(w, "tokens", p.tokens);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    });
    return;
  }
  line(out, "game", d.game.game_id);
  line(out, "status",
       std::string(game::status_name(d.game.status)) +
           (d.winner ? " (winner " + *d.winner + ")" : ""));
  line(out, "turn",
       std::to_string(d.game.turn) + " (" + std::to_string(d.completed_turns) +
           " of " + std::to_string(d.max_turns) + " completed)");
  line(out, "created", d.created_at);
  line(out, "updated", d.game.updated_at);
  line(out, "last hash", d.state_hash.empty() ? "-" : d.state_hash);
  line(out, "turns stored", std::to_string(d.turns_stored));
  line(out, "actions stored", std::to_string(d.actions_stored));
  line(out, "snapshots",
       std::to_string(d.snapshots) + " (" + pretty_bytes(d.snapshot_bytes) +
           (d.last_snapshot_turn
                ? ", last at turn " + std::to_string(*d.last_snapshot_turn)
                : std::string()) +
           ")");
  line(out, "prompt logs",
       std::to_string(d.prompt_logs) + " (tokens: prompt " +
           std::to_string(d.prompt_tokens) + ", completion " +
           std::to_string(d.completion_tokens) + ", thinking " +
           std::to_string(d.thinking_tokens) + ")");
  out << "players:\n";
  out << "  " << std::left << std::setw(20) << "NAME" << std::right
      << std::setw(7) << "SCORE" << std::setw(8) << "CITIES" << std::setw(7)
      << "UNITS" << std::setw(7) << "TECHS" << std::setw(9) << "ORDERS"
      << std::setw(10) << "TOKENS"
      << "\n";
  for (const auto& p : d.players)
    out << "  " << std::left << std::setw(20) << p.name << std::right
        << std::setw(7) << p.score << std::setw(8) << p.cities << std::setw(7)
        << p.units << std::setw(7) << p.techs << std::setw(9) << p.submissions
        << std::setw(10) << p.tokens << "\n";
}

void print_size(std::ostream& out, const persistence::ServerInfo& server,
                const std::vector<persistence::TableSize>& tables, bool json) {
  if (json) {
    write_json(out, [&](JsonWriter& w) {
      w.StartObject();
      field(w, "database", server.database);
      field(w, "database_bytes", server.database_bytes);
      w.Key("tables");
      w.StartArray();
      for (const auto& t : tables) {
        w.StartObject();
        field(w, "table", t.table);
        field(w, "rows", t.rows);
        field(w, "bytes", t.bytes);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    });
    return;
  }
  out << std::left << std::setw(20) << "TABLE" << std::right << std::setw(12)
      << "ROWS" << std::setw(14) << "SIZE"
      << "\n";
  for (const auto& t : tables)
    out << std::left << std::setw(20) << t.table << std::right << std::setw(12)
        << t.rows << std::setw(14) << pretty_bytes(t.bytes) << "\n";
  out << "database " << server.database << ": "
      << pretty_bytes(server.database_bytes) << "\n";
}

}  // namespace fourex::cli
