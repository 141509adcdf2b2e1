// The SQL text of every statement (see statements.hpp).
#include "persistence/statements.hpp"

#include <cctype>
#include <string_view>

#include "persistence/rows.hpp"

namespace fourex::persistence::sql {

// Timestamps leave the database as epoch milliseconds and come back the
// same way, exactly (no floating point).
#define FOUREX_MS(x) "(extract(epoch FROM " x ") * 1000)::bigint"
#define FOUREX_TS(x) "('epoch'::timestamptz + " x " * interval '1 millisecond')"

// ---- migrations ----------------------------------------------------------

const Statement kMigrationLock{
    "migration_lock",
    "SELECT pg_advisory_xact_lock(hashtext('fourex.migrate'))"};

const Statement kCreateSchemaMigrations{"create_schema_migrations", R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql"};

const Statement kSchemaMigrationsExists{
    "schema_migrations_exists",
    "SELECT to_regclass('schema_migrations') IS NOT NULL"};

const Statement kAppliedVersions{
    "applied_versions",
    "SELECT version FROM schema_migrations ORDER BY version"};

const Statement kMaxVersion{
    "max_version", "SELECT COALESCE(max(version), 0) FROM schema_migrations"};

const Statement kRecordMigration{
    "record_migration",
    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)"};

const Statement kDropAll{"drop_all", R"sql(
DROP TABLE IF EXISTS tournament_games, tournaments, game_owners, fourex_nodes,
                     player_stats, prompt_logs, game_snapshots, game_turns,
                     player_actions, games, schema_migrations)sql"};

// ---- writer --------------------------------------------------------------

// ON CONFLICT DO NOTHING + RETURNING tells which ids already existed without
// aborting on a unique violation first (the caller throws GameExists). Each
// new game's owner row goes in with it: $14 node (NULL: released), $15
// epoch, which the games row carries too.
const Statement kInsertGames{"insert_games", R"sql(
WITH new_games AS (
INSERT INTO games (game_id, status, config, players, seed, max_turns,
                   turn_timeout_ms, turn, completed_turns, state_hash, winner,
                   deadline_at, created_at, updated_at, owner_epoch,
                   writer_node)
SELECT id, st, cfg::jsonb, pl::jsonb, seed, mt, tt, t, ct, h, w, )sql" FOUREX_TS(
                                                 "d") R"sql(,
       coalesce()sql" FOUREX_TS("c") R"sql(, now()),
       coalesce()sql" FOUREX_TS("c") R"sql(, now()),
       CASE WHEN node IS NOT NULL THEN epoch END, node
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
            $6::int[], $7::int[], $8::int[], $9::int[], $10::text[],
            $11::text[], $12::bigint[], $13::bigint[], $14::text[],
            $15::bigint[])
     AS u(id, st, cfg, pl, seed, mt, tt, t, ct, h, w, d, c, node, epoch)
ON CONFLICT (game_id) DO NOTHING
RETURNING game_id, writer_node, owner_epoch),
new_owners AS (
INSERT INTO game_owners (game_id, node_id, epoch)
SELECT game_id, writer_node, coalesce(owner_epoch, 0) FROM new_games
ON CONFLICT (game_id) DO NOTHING)
SELECT game_id FROM new_games)sql"};

namespace {

// The fence, as the first WITH parts of every statement that writes rows
// of existing games. $1-$3: the batch's leases (game, node, epoch). A game
// is `fenced` while its owner row holds exactly that lease and the node is
// alive; the row is locked FOR SHARE until the transaction ends, so a claim
// (FOR UPDATE) waits for the write and then sees it, and a write that waited
// for a claim re-reads the changed owner row (READ COMMITTED) and no longer
// finds its lease there.
//
// The owner row is matched on its key alone and its lease compared with IS
// NOT DISTINCT FROM (never NULL here: a lease names a node), which is not an
// equality the planner joins on: with `o.node_id = l.node` the writers'
// generic plan, made while game_owners was small, went through
// game_owners_node_id_idx and read every game of the node for each lease
// (73 leases x 127 owner rows in a 256-game benchmark; quadratic in a
// node's games).
const char* const kFenceParts = R"sql(lease AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
           AS l(id, node, epoch)),
fenced AS MATERIALIZED (
  SELECT o.game_id, o.node_id, o.epoch
  FROM lease l
  JOIN game_owners o ON o.game_id = l.id
  JOIN fourex_nodes n ON n.node_id = l.node AND n.expires_at > now()
  WHERE o.node_id IS NOT DISTINCT FROM l.node
    AND o.epoch IS NOT DISTINCT FROM l.epoch
  FOR SHARE OF o))sql";

// Each row part below reads its rows `u` (its own parameters from $1)
// joined to `f`: the fence's row of the game, whose epoch and node the row
// carries. Rows of a game with a lease the fence did not grant are
// dropped; rows of a game without a lease pass, with NULL epoch and node.
#define FOUREX_FENCED_ROWS(columns)            \
  "FROM unnest(" columns                       \
  ") LEFT JOIN fenced f ON f.game_id = u.id\n" \
  "WHERE (f.game_id IS NOT NULL\n"             \
  "       OR NOT EXISTS (SELECT 1 FROM lease l WHERE l.id = u.id))"

// One row per game_id (the writer keeps the last update of each game).
// Progress only moves forward: an update behind the stored turn (a writer
// that fell behind another) changes nothing. Same-turn updates (pause,
// resume, archive) apply in the order a game's jobs are committed, which
// the writer pool keeps.
//
// The fenced rows are a subquery kept apart by OFFSET 0, so that they are
// joined to the fence as the INSERT parts' rows are (a hash join). Flattened
// into the UPDATE, the generic plan joined every row to the fence by a
// nested loop: quadratic in the games of a batch (20 updates compared 940
// fence rows in a 256-game benchmark).
const char* const kUpdateGameRows = R"sql(
UPDATE games AS g
SET status = u.st, turn = u.t, completed_turns = u.ct, state_hash = u.h,
    winner = u.w, deadline_at = )sql" FOUREX_TS("u.d") R"sql(,
    updated_at = now(), owner_epoch = u.epoch, writer_node = u.node_id
FROM (SELECT u.*, f.epoch, f.node_id
)sql" FOUREX_FENCED_ROWS(
    "$1::text[], $2::text[], $3::int[], $4::int[], $5::text[],\n"
    "            $6::text[], $7::bigint[]) AS u(id, st, t, ct, h, w, d") R"sql(
      OFFSET 0) AS u
WHERE g.game_id = u.id AND (g.completed_turns, g.turn) <= (u.ct, u.t)
RETURNING g.game_id)sql";

// Also the player_actions part of kWriteBatch, which has no ON CONFLICT.
const char* const kInsertActionRows = R"sql(
INSERT INTO player_actions (game_id, turn, player, request_id, actions,
                            action_count, owner_epoch, writer_node)
SELECT u.id, u.t, u.p, u.r, u.a::jsonb, u.n, f.epoch, f.node_id
)sql" FOUREX_FENCED_ROWS(
    "$1::text[], $2::int[], $3::text[], $4::text[], $5::text[],\n"
    "            $6::int[]) AS u(id, t, p, r, a, n");

// Recovery may write again a turn it recomputed: the first row stays.
const char* const kInsertTurnRows = R"sql(
INSERT INTO game_turns (game_id, turn, state_hash, events, duration_us,
                        owner_epoch, writer_node)
SELECT u.id, u.t, u.h, u.e::jsonb, u.us, f.epoch, f.node_id
)sql" FOUREX_FENCED_ROWS(
    "$1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[])\n"
    "     AS u(id, t, h, e, us") R"sql(
ON CONFLICT (game_id, turn) DO NOTHING)sql";

const char* const kInsertSnapshotRows = R"sql(
INSERT INTO game_snapshots (game_id, turn, state, state_hash, reason, bytes,
                            owner_epoch, writer_node)
SELECT u.id, u.t, u.s, u.h, u.r, octet_length(u.s), f.epoch, f.node_id
)sql" FOUREX_FENCED_ROWS(
    "$1::text[], $2::int[], $3::text[], $4::text[], $5::text[])\n"
    "     AS u(id, t, s, h, r") R"sql(
ON CONFLICT (game_id, turn) DO NOTHING)sql";

const char* const kInsertPromptLogRows = R"sql(
INSERT INTO prompt_logs (game_id, player, turn, provider, model, prompt,
                         response, thinking, prompt_tokens, completion_tokens,
                         thinking_tokens, latency_ms, error, fallback,
                         owner_epoch, writer_node)
SELECT u.id, u.pl, u.t, u.pv, u.m, u.pr, u.rs, u.th, u.pt, u.ct, u.tt, u.lat,
       u.err, u.fb, f.epoch, f.node_id
)sql" FOUREX_FENCED_ROWS(
    "$1::text[], $2::text[], $3::int[], $4::text[], $5::text[],\n"
    "            $6::text[], $7::text[], $8::text[], $9::bigint[], "
    "$10::bigint[],\n"
    "            $11::bigint[], $12::bigint[], $13::text[], $14::boolean[])\n"
    "     AS u(id, pl, t, pv, m, pr, rs, th, pt, ct, tt, lat, err, fb");

// Counters add up; gauges are replaced only when the delta carries them.
// One row per (game_id, player): the writer merges deltas first.
const char* const kUpsertStatsRows = R"sql(
INSERT INTO player_stats AS s (game_id, player, submissions, actions,
                               rejected_actions, prompt_tokens,
                               completion_tokens, thinking_tokens, llm_calls,
                               latency_ms_total, cities, units, techs, score,
                               owner_epoch, writer_node)
SELECT u.id, u.pl, u.su, u.ac, u.rj, u.pt, u.ct, u.tt, u.lc, u.lat, u.ci,
       u.un, u.te, u.sc, f.epoch, f.node_id
)sql" FOUREX_FENCED_ROWS(
    "$1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[],\n"
    "            $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],\n"
    "            $10::bigint[], $11::int[], $12::int[], $13::int[], "
    "$14::int[])\n"
    "     AS u(id, pl, su, ac, rj, pt, ct, tt, lc, lat, ci, un, te, sc") R"sql(
ON CONFLICT (game_id, player) DO UPDATE SET
  submissions = s.submissions + EXCLUDED.submissions,
  actions = s.actions + EXCLUDED.actions,
  rejected_actions = s.rejected_actions + EXCLUDED.rejected_actions,
  prompt_tokens = s.prompt_tokens + EXCLUDED.prompt_tokens,
  completion_tokens = s.completion_tokens + EXCLUDED.completion_tokens,
  thinking_tokens = s.thinking_tokens + EXCLUDED.thinking_tokens,
  llm_calls = s.llm_calls + EXCLUDED.llm_calls,
  latency_ms_total = s.latency_ms_total + EXCLUDED.latency_ms_total,
  cities = COALESCE(EXCLUDED.cities, s.cities),
  units = COALESCE(EXCLUDED.units, s.units),
  techs = COALESCE(EXCLUDED.techs, s.techs),
  score = COALESCE(EXCLUDED.score, s.score),
  owner_epoch = EXCLUDED.owner_epoch, writer_node = EXCLUDED.writer_node,
  updated_at = now())sql";

#undef FOUREX_FENCED_ROWS

// `sql` with every parameter $n renumbered $(n + by). The writer's SQL has
// no other '$' (no dollar quoting).
std::string shift_parameters(std::string_view sql, int by) {
  std::string out;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    out += sql[i];
    if (sql[i] != '$') continue;
    std::size_t end = i + 1;
    while (end < sql.size() &&
           std::isdigit(static_cast<unsigned char>(sql[end])))
      ++end;
    out += std::to_string(
        std::stoi(std::string(sql.substr(i + 1, end - i - 1))) + by);
    i = end - 1;
  }
  return out;
}

// A row part as a statement of its own: the leases $1-$3, then its rows.
std::string fenced(std::string_view rows, std::string_view tail = "") {
  return std::string("WITH ") + kFenceParts + shift_parameters(rows, 3) +
         std::string(tail);
}

const std::string kLockLeasesText =
    std::string("WITH ") + kFenceParts + "\nSELECT game_id FROM fenced";
const std::string kUpdateGamesText = fenced(kUpdateGameRows);
const std::string kInsertActionsText = fenced(kInsertActionRows, R"sql(
ON CONFLICT (game_id, turn, player) DO NOTHING
RETURNING game_id, turn, player)sql");
const std::string kInsertTurnsText = fenced(kInsertTurnRows);
const std::string kInsertSnapshotsText = fenced(kInsertSnapshotRows);
const std::string kInsertPromptLogsText = fenced(kInsertPromptLogRows);
const std::string kUpsertStatsText = fenced(kUpsertStatsRows);

// The parts in the fixed table order, and the games the fence refused.
// Each part's parameters follow the previous part's: as many as its row
// type has columns.
std::string write_batch_text() {
  std::string text = std::string("WITH ") + kFenceParts;
  int shift = 3;  // the fence's
  auto part = [&](const char* name, const char* rows, std::size_t columns) {
    text += std::string(",\n") + name + " AS (" +
            shift_parameters(rows, shift) + ")";
    shift += static_cast<int>(columns);
  };
  part("updated_games", kUpdateGameRows, GameUpdate::kColumns.size());
  part("new_actions", kInsertActionRows, ActionRow::kColumns.size());
  part("new_turns", kInsertTurnRows, TurnRow::kColumns.size());
  part("new_snapshots", kInsertSnapshotRows, SnapshotRow::kColumns.size());
  part("new_prompt_logs", kInsertPromptLogRows, PromptLogRow::kColumns.size());
  part("new_stats", kUpsertStatsRows, StatsDelta::kColumns.size());
  return text + R"sql(
SELECT l.id FROM lease l
WHERE NOT EXISTS (SELECT 1 FROM fenced f WHERE f.game_id = l.id))sql";
}

const std::string kWriteBatchText = write_batch_text();

}  // namespace

const Statement kLockLeases{"lock_leases", kLockLeasesText.c_str()};
const Statement kUpdateGames{"update_games", kUpdateGamesText.c_str()};
const Statement kInsertActions{"insert_actions", kInsertActionsText.c_str()};

const Statement kSelectActionRequestId{
    "select_action_request_id",
    "SELECT request_id, actions = $4::jsonb FROM player_actions"
    " WHERE game_id = $1 AND turn = $2 AND player = $3"};

const char* const kActionsTable = "player_actions";

const std::vector<std::string>& actions_copy_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> names(ActionRow::kColumns.begin(),
                                   ActionRow::kColumns.end());
    names.insert(names.end(), {"owner_epoch", "writer_node"});
    return names;
  }();
  return columns;
}

const Statement kInsertTurns{"insert_turns", kInsertTurnsText.c_str()};
const Statement kInsertSnapshots{"insert_snapshots",
                                 kInsertSnapshotsText.c_str()};
const Statement kInsertPromptLogs{"insert_prompt_logs",
                                  kInsertPromptLogsText.c_str()};
const Statement kUpsertStats{"upsert_stats", kUpsertStatsText.c_str()};
const Statement kWriteBatch{"write_batch", kWriteBatchText.c_str()};

const Statement kWriterSession{
    "writer_session",
    "SELECT set_config('plan_cache_mode', 'force_generic_plan', false),"
    " set_config('enable_seqscan', 'off', false)"};

// ---- readers -------------------------------------------------------------

#define FOUREX_GAME_COLUMNS                                                 \
  "game_id, status, config::text, players::text, seed, max_turns, "         \
  "turn_timeout_ms, turn, completed_turns, state_hash, winner, " FOUREX_MS( \
      "deadline_at") ", " FOUREX_MS("created_at") ", " FOUREX_MS("updated_at")

const Statement kSelectGame{"select_game", "SELECT " FOUREX_GAME_COLUMNS
                                           " FROM games WHERE game_id = $1"};

// $2 = '' for the first page; LIMIT NULL means no limit.
const Statement kSelectGamesAll{
    "select_games_all", "SELECT " FOUREX_GAME_COLUMNS
                        " FROM games WHERE status <> 'deleted' AND game_id > $1"
                        " ORDER BY game_id LIMIT $2"};

const Statement kSelectGamesByStatus{
    "select_games_by_status", "SELECT " FOUREX_GAME_COLUMNS
                              " FROM games WHERE status = $1 AND game_id > $2"
                              " ORDER BY game_id LIMIT $3"};

// The three parts of a GameListing, for one page of games ($1 = text[]).
const Statement kSelectListingSnapshots{
    "select_listing_snapshots",
    "SELECT game_id, max(turn) FROM game_snapshots"
    " WHERE game_id = ANY($1::text[]) GROUP BY game_id"};

const Statement kSelectListingStats{
    "select_listing_stats",
    "SELECT game_id, player, score, coalesce(cities, 1) + coalesce(units, 1)"
    " FROM player_stats WHERE game_id = ANY($1::text[])"};

const Statement kSelectListingSubmitted{
    "select_listing_submitted",
    "SELECT a.game_id, a.player FROM player_actions a"
    " JOIN games g ON g.game_id = a.game_id AND a.turn = g.turn"
    " WHERE g.game_id = ANY($1::text[])"};

const Statement kSelectTokenHashes{
    "select_token_hashes",
    "SELECT p->>'token_hash', g.game_id"
    " FROM games g, jsonb_array_elements(g.players) AS p"
    " WHERE g.status <> 'deleted'"};

// $1 a token hash: the game (not archived) one of whose players holds it.
// No index serves it (a scan of games): the caller asks only for tokens it
// has not seen, one at a time.
const Statement kSelectGameOfToken{
    "select_game_of_token",
    "SELECT game_id FROM games WHERE status <> 'deleted' AND players @>"
    " jsonb_build_array(jsonb_build_object('token_hash', $1::text))"
    " LIMIT 1"};

const Statement kSelectRecoverableGameIds{
    "select_recoverable_game_ids",
    "SELECT game_id FROM games WHERE status IN ('active', 'paused')"
    " ORDER BY game_id"};

const Statement kSelectLatestSnapshot{
    "select_latest_snapshot",
    "SELECT game_id, turn, state, state_hash, reason, " FOUREX_MS("created_at")
    " FROM game_snapshots WHERE game_id = $1 AND ($2 < 0 OR turn <= $2)"
    " ORDER BY turn DESC LIMIT 1"};

const Statement kSelectSnapshotTurns{
    "select_snapshot_turns",
    "SELECT turn FROM game_snapshots WHERE game_id = $1 ORDER BY turn"};

const Statement kSelectActionsFrom{
    "select_actions_from",
    "SELECT game_id, turn, player, request_id, actions::text, action_count, "
    FOUREX_MS("submitted_at")
    " FROM player_actions WHERE game_id = $1 AND turn BETWEEN $2 AND $3"
    " ORDER BY turn, player"};

const Statement kSelectTurns{
    "select_turns",
    "SELECT game_id, turn, state_hash, events::text, duration_us, "
    FOUREX_MS("processed_at")
    " FROM game_turns WHERE game_id = $1 AND turn BETWEEN $2 AND $3"
    " ORDER BY turn"};

const Statement kSelectPromptLogs{
    "select_prompt_logs",
    "SELECT id, game_id, player, turn, provider, model, prompt, response, "
    "thinking, prompt_tokens, completion_tokens, thinking_tokens, latency_ms, "
    "error, fallback, " FOUREX_MS("created_at")
    " FROM prompt_logs WHERE game_id = $1 AND ($2 = '' OR player = $2)"
    " AND ($3 < 1 OR turn = $3) ORDER BY id"};

// Counters from player_stats, latency mean and p95 and fallbacks from
// prompt_logs; a player present in only one of them still shows.
const Statement kSelectStats{"select_stats", R"sql(
SELECT COALESCE(s.player, l.player),
       COALESCE(s.submissions, 0), COALESCE(s.actions, 0),
       COALESCE(s.rejected_actions, 0), COALESCE(s.prompt_tokens, 0),
       COALESCE(s.completion_tokens, 0), COALESCE(s.thinking_tokens, 0),
       COALESCE(s.llm_calls, 0), COALESCE(l.fallbacks, 0),
       COALESCE(l.mean, CASE WHEN s.llm_calls > 0
                             THEN s.latency_ms_total::float8 / s.llm_calls
                             ELSE 0 END),
       COALESCE(l.p95, 0),
       COALESCE(s.cities, 0), COALESCE(s.units, 0), COALESCE(s.techs, 0),
       COALESCE(s.score, 0)
FROM (SELECT * FROM player_stats WHERE game_id = $1) AS s
FULL JOIN (SELECT player, count(*) FILTER (WHERE fallback) AS fallbacks,
                  avg(latency_ms)::float8 AS mean,
                  percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
                    AS p95
           FROM prompt_logs WHERE game_id = $1 GROUP BY player) AS l
  ON l.player = s.player
ORDER BY 1)sql"};

const Statement kSelectGamesByStatusCount{
    "select_games_by_status_count",
    "SELECT status, count(*) FROM games GROUP BY status ORDER BY status"};

// ---- cluster -------------------------------------------------------------

#define FOUREX_ISO_MS(x) \
  "to_char(" x " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define FOUREX_AFTER_MS(x) "now() + " x " * interval '1 millisecond'"

// $1 node, $2 address, $3 ttl ms. An incarnation that advertised the same
// address is not alive (this process bound it). Rows dead for an hour go:
// an owner row naming a node without a row is a dead node's, as before.
const Statement kNodeJoin{"node_join", R"sql(
WITH retired AS (
  UPDATE fourex_nodes SET expires_at = now()
  WHERE http_addr = $2 AND node_id <> $1 AND expires_at > now()),
pruned AS (
  DELETE FROM fourex_nodes WHERE expires_at < now() - interval '1 hour')
INSERT INTO fourex_nodes (node_id, http_addr, expires_at)
VALUES ($1, $2, )sql" FOUREX_AFTER_MS("$3::int") ")"};

// A lease that ran out stays dead: 0 rows.
const Statement kNodeRenew{
    "node_renew",
    "UPDATE fourex_nodes SET renewed_at = now(), expires_at = " FOUREX_AFTER_MS(
        "$2::int") " WHERE node_id = $1 AND expires_at > now() RETURNING node_id"};

const Statement kNodeLeave{"node_leave",
                           "UPDATE fourex_nodes SET expires_at = now()"
                           " WHERE node_id = $1 AND expires_at > now()"};

const Statement kNodeAlive{
    "node_alive",
    "SELECT 1 FROM fourex_nodes WHERE node_id = $1 AND expires_at > now()"};

// The owner's columns: node, epoch, its address, alive, the lease's
// milliseconds left, and whether more than half of its TTL passed since
// the last renewal (a healthy node renews every heartbeat).
#define FOUREX_OWNER_COLUMNS                                                \
  "o.node_id, o.epoch, n.http_addr, coalesce(n.expires_at > now(), false)," \
  " coalesce(greatest(0, extract(epoch FROM n.expires_at - now()) * 1000)," \
  " 0)::int,"                                                               \
  " coalesce(now() - n.renewed_at > (n.expires_at - n.renewed_at) / 2, false)"

// $1 game, $2 claimer. One row: the owner (NULLs: no such game), unlocked,
// and whether the claimer is alive.
const Statement kPeekOwner{
    "peek_owner", "SELECT " FOUREX_OWNER_COLUMNS
                  ", EXISTS (SELECT 1 FROM fourex_nodes m"
                  " WHERE m.node_id = $2 AND m.expires_at > now())"
                  " FROM (SELECT 1) AS one"
                  " LEFT JOIN game_owners o ON o.game_id = $1"
                  " LEFT JOIN fourex_nodes n ON n.node_id = o.node_id"};

#undef FOUREX_OWNER_COLUMNS

// Only the lock: a statement that waited for it re-checks the locked row
// alone (READ COMMITTED) and would join other tables as they were before
// the wait, where a node that took the game over meanwhile has no live
// row yet, or none at all: it would look dead and lose the game. So the
// takeover decides on kPeekOwner, read again once the lock is held.
const Statement kLockOwner{
    "lock_owner", "SELECT 1 FROM game_owners WHERE game_id = $1 FOR UPDATE"};

// Only while the claimer is alive: no row otherwise.
const Statement kTakeOwner{
    "take_owner",
    "UPDATE game_owners SET node_id = $2, epoch = epoch + 1"
    " WHERE game_id = $1 AND EXISTS (SELECT 1 FROM fourex_nodes m"
    " WHERE m.node_id = $2 AND m.expires_at > now()) RETURNING epoch"};

// An orphan: released and never owned (epoch 0: stored before migration
// 0003), or its owner dead.
#define FOUREX_ORPHAN(o)                                                \
  "(CASE WHEN " o ".node_id IS NULL THEN " o                            \
  ".epoch = 0"                                                          \
  " ELSE NOT EXISTS (SELECT 1 FROM fourex_nodes n WHERE n.node_id = " o \
  ".node_id AND n.expires_at > now()) END)"
#define FOUREX_ADOPTER_ALIVE                                  \
  "EXISTS (SELECT 1 FROM fourex_nodes m WHERE m.node_id = $1" \
  " AND m.expires_at > now())"

// $1 adopter, $2 limit: locks up to $2 active or paused orphans, in
// game_id order. SKIP LOCKED also passes over games whose owner is writing
// (FOR SHARE) or being claimed: the next round sees them again. A row
// changed since this statement's snapshot is re-checked against the node
// rows of that snapshot, which may not show its new owner alive: the
// orphans are only candidates, kAdoptLocked decides.
const Statement kLockOrphans{"lock_orphans", R"sql(
SELECT o.game_id
FROM game_owners o JOIN games g ON g.game_id = o.game_id
WHERE g.status IN ('active', 'paused')
  AND )sql" FOUREX_ORPHAN("o") R"sql(
  AND )sql" FOUREX_ADOPTER_ALIVE R"sql(
ORDER BY o.game_id
LIMIT $2
FOR UPDATE OF o SKIP LOCKED)sql"};

// $1 adopter, $2 the games kLockOrphans locked in this transaction: those
// still orphans in a snapshot taken after the locks, epoch + 1.
const Statement kAdoptLocked{"adopt_locked", R"sql(
UPDATE game_owners o SET node_id = $1, epoch = o.epoch + 1
WHERE o.game_id = ANY($2::text[])
  AND )sql" FOUREX_ORPHAN("o") R"sql(
  AND )sql" FOUREX_ADOPTER_ALIVE R"sql(
RETURNING o.game_id, o.epoch)sql"};

#undef FOUREX_ORPHAN
#undef FOUREX_ADOPTER_ALIVE

const Statement kReleaseOwner{
    "release_owner",
    "UPDATE game_owners SET node_id = NULL"
    " WHERE game_id = $1 AND node_id = $2 AND epoch = $3"};

const Statement kClusterNodes{"cluster_nodes", R"sql(
SELECT n.node_id, n.http_addr, )sql" FOUREX_ISO_MS("n.started_at") R"sql(,
       )sql" FOUREX_ISO_MS("n.expires_at") R"sql(, n.expires_at > now(),
       (SELECT count(*) FROM game_owners o WHERE o.node_id = n.node_id)
FROM fourex_nodes n
ORDER BY n.expires_at > now() DESC, n.started_at DESC, n.node_id
LIMIT 1000)sql"};

const Statement kClusterOwners{
    "cluster_owners",
    "SELECT game_id, node_id, epoch FROM game_owners ORDER BY game_id"
    " LIMIT $1"};

#undef FOUREX_AFTER_MS
#undef FOUREX_ISO_MS
// ---- tournaments (TournamentStore) ---------------------------------------

const Statement kInsertTournament{
    "insert_tournament",
    "INSERT INTO tournaments (tournament_id, name, config,"
    " organizer_token_hash) VALUES ($1, $2, $3, NULLIF($4, ''))"
    " ON CONFLICT DO NOTHING RETURNING 1"};

// One row per element of the arrays $2 (game_no), $3 (game_id),
// $4 (pairing), $5 (seats, JSON text), $6 (round). A row there already is
// left as it is: a Swiss round written again is the same round.
const Statement kInsertTournamentGames{
    "insert_tournament_games",
    "INSERT INTO tournament_games (tournament_id, game_no, game_id, pairing,"
    " seats, round) SELECT $1, u.no, u.id, u.pairing, u.seats, u.round"
    " FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::int[])"
    " AS u(no, id, pairing, seats, round) ON CONFLICT DO NOTHING"};

// With the schedule's size and how many of its games are finished.
#define FOUREX_TOURNAMENT_SIZE               \
  "(SELECT count(*) FROM tournament_games s" \
  " WHERE s.tournament_id = t.tournament_id)"
#define FOUREX_TOURNAMENT_FINISHED           \
  "(SELECT count(*) FROM tournament_games s" \
  " JOIN games g ON g.game_id = s.game_id"   \
  " WHERE s.tournament_id = t.tournament_id AND g.status = 'finished')"
#define FOUREX_TOURNAMENT_ROUNDS                              \
  "(SELECT coalesce(max(s.round), 0) FROM tournament_games s" \
  " WHERE s.tournament_id = t.tournament_id)"
#define FOUREX_TOURNAMENT_COLUMNS                     \
  "t.tournament_id, t.name, t.config, " FOUREX_MS(    \
      "t.created_at") ", " FOUREX_TOURNAMENT_SIZE     \
                      ", " FOUREX_TOURNAMENT_FINISHED \
                      ", " FOUREX_TOURNAMENT_ROUNDS   \
                      ", coalesce(t.organizer_token_hash, '')"

const Statement kSelectTournament{
    "select_tournament", "SELECT " FOUREX_TOURNAMENT_COLUMNS
                         " FROM tournaments t WHERE t.tournament_id = $1"};

// $1 = '' for the first page; LIMIT NULL means no limit.
const Statement kSelectTournaments{
    "select_tournaments", "SELECT " FOUREX_TOURNAMENT_COLUMNS
                          " FROM tournaments t WHERE t.tournament_id > $1"
                          " ORDER BY t.tournament_id LIMIT $2"};

const Statement kSelectTournamentGames{
    "select_tournament_games",
    "SELECT t.game_no, t.game_id, t.pairing, t.seats, g.status,"
    " g.completed_turns, g.max_turns, g.winner, t.round"
    " FROM tournament_games t JOIN games g ON g.game_id = t.game_id"
    " WHERE t.tournament_id = $1 ORDER BY t.game_no"};

// The final gauges of the finished games' seats; a seat without a stats
// row (no turn resolved) scores 0.
const Statement kSelectTournamentSeats{
    "select_tournament_seats",
    "SELECT t.game_no, p.name, COALESCE(s.score, 0), COALESCE(s.actions, 0),"
    " COALESCE(s.rejected_actions, 0)"
    " FROM tournament_games t JOIN games g ON g.game_id = t.game_id"
    " CROSS JOIN LATERAL jsonb_array_elements_text(t.seats::jsonb) AS p(name)"
    " LEFT JOIN player_stats s ON s.game_id = t.game_id AND s.player = p.name"
    " WHERE t.tournament_id = $1 AND g.status = 'finished'"
    " ORDER BY t.game_no, p.name"};

#define FOUREX_TOURNAMENT_LOGS                                     \
  " FROM tournament_games t JOIN games g ON g.game_id = t.game_id" \
  " JOIN prompt_logs l ON l.game_id = t.game_id"                   \
  " WHERE t.tournament_id = $1 AND g.status = 'finished'"

const Statement kSelectTournamentUsage{
    "select_tournament_usage",
    "SELECT l.player, l.model, count(*), count(*) FILTER (WHERE l.fallback),"
    " sum(l.prompt_tokens), sum(l.completion_tokens), "
    "sum(l.thinking_tokens)" FOUREX_TOURNAMENT_LOGS
    " GROUP BY l.player, l.model ORDER BY 1, 2"};

const Statement kSelectTournamentLatency{
    "select_tournament_latency",
    "SELECT l.player,"
    " percentile_cont(0.5) WITHIN GROUP (ORDER BY l.latency_ms),"
    " percentile_cont(0.95) WITHIN GROUP (ORDER BY "
    "l.latency_ms)" FOUREX_TOURNAMENT_LOGS " GROUP BY l.player ORDER BY 1"};

// ---- operator queries (fourex db) ----------------------------------------

#define FOUREX_ISO(x) \
  "to_char(" x " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

const Statement kServerInfo{
    "server_info",
    "SELECT current_setting('server_version'),"
    " current_setting('server_version_num')::int, current_database(),"
    " pg_database_size(current_database())"};

const Statement kReplicationState{
    "replication_state",
    "SELECT coalesce(host(inet_server_addr()), 'local') || ':' ||"
    " current_setting('port'), pg_is_in_recovery(),"
    " extract(epoch FROM now() - last_archived_time)::float8, failed_count"
    " FROM pg_stat_archiver"};

const Statement kStandbys{
    "standbys",
    "SELECT application_name, coalesce(host(client_addr), 'local'), state,"
    " sync_state, extract(epoch FROM replay_lag)::float8"
    " FROM pg_stat_replication ORDER BY application_name"};

const Statement kBackupAge{
    "backup_age",
    "SELECT extract(epoch FROM now() - max(modification))::float8"
    " FROM pg_ls_waldir() WHERE name LIKE '%.backup'"};

const Statement kGameSummaries{
    "game_summaries",
    "SELECT game_id, status, turn, jsonb_array_length(players), " FOUREX_ISO(
        "updated_at") " FROM games ORDER BY updated_at DESC, game_id"};

const Statement kGameDetails{"game_details", R"sql(
SELECT g.game_id, g.status, g.turn, jsonb_array_length(g.players),
       )sql" FOUREX_ISO("g.updated_at") R"sql(, g.completed_turns, g.max_turns,
       g.state_hash, g.winner, )sql" FOUREX_ISO("g.created_at") R"sql(,
       (SELECT count(*) FROM game_turns t WHERE t.game_id = g.game_id),
       (SELECT count(*) FROM player_actions a WHERE a.game_id = g.game_id),
       s.n, s.bytes, s.last, l.n, l.pt, l.ct, l.tt
FROM games g
CROSS JOIN (SELECT count(*) AS n, COALESCE(sum(bytes), 0) AS bytes,
                   max(turn) AS last
            FROM game_snapshots WHERE game_id = $1) AS s
CROSS JOIN (SELECT count(*) AS n, COALESCE(sum(prompt_tokens), 0) AS pt,
                   COALESCE(sum(completion_tokens), 0) AS ct,
                   COALESCE(sum(thinking_tokens), 0) AS tt
            FROM prompt_logs WHERE game_id = $1) AS l
WHERE g.game_id = $1)sql"};

// Seating order from games.players; stats may not exist yet for a player.
const Statement kGamePlayers{"game_players", R"sql(
SELECT e.p->>'name', COALESCE(s.score, 0), COALESCE(s.cities, 0),
       COALESCE(s.units, 0), COALESCE(s.techs, 0), COALESCE(s.submissions, 0),
       COALESCE(s.prompt_tokens + s.completion_tokens + s.thinking_tokens, 0)
FROM games g
CROSS JOIN LATERAL jsonb_array_elements(g.players) WITH ORDINALITY AS e(p, i)
LEFT JOIN player_stats s ON s.game_id = g.game_id AND s.player = e.p->>'name'
WHERE g.game_id = $1
ORDER BY e.i)sql"};

// Exact row counts without pasting table names into SQL text on our side:
// query_to_xml runs the count with the name quoted by format('%I').
const Statement kTableSizes{"table_sizes", R"sql(
SELECT tablename,
       (xpath('/row/c/text()',
              query_to_xml(format('SELECT count(*) AS c FROM %I.%I',
                                  schemaname, tablename),
                           false, true, '')))[1]::text::bigint,
       pg_total_relation_size(format('%I.%I', schemaname, tablename))
FROM pg_tables
WHERE schemaname = current_schema()
ORDER BY 3 DESC, 1)sql"};

#undef FOUREX_ISO
#undef FOUREX_GAME_COLUMNS
#undef FOUREX_TOURNAMENT_COLUMNS
#undef FOUREX_TOURNAMENT_SIZE
#undef FOUREX_TOURNAMENT_FINISHED
#undef FOUREX_TOURNAMENT_LOGS
#undef FOUREX_MS
#undef FOUREX_TS

const std::vector<const Statement*>& prepared_statements() {
  static const std::vector<const Statement*> all{&kInsertGames,
                                                 &kLockLeases,
                                                 &kUpdateGames,
                                                 &kInsertActions,
                                                 &kSelectActionRequestId,
                                                 &kInsertTurns,
                                                 &kInsertSnapshots,
                                                 &kInsertPromptLogs,
                                                 &kUpsertStats,
                                                 &kWriteBatch,
                                                 &kSelectGame,
                                                 &kSelectGamesAll,
                                                 &kSelectGamesByStatus,
                                                 &kSelectListingSnapshots,
                                                 &kSelectListingStats,
                                                 &kSelectListingSubmitted,
                                                 &kSelectTokenHashes,
                                                 &kSelectGameOfToken,
                                                 &kSelectRecoverableGameIds,
                                                 &kSelectLatestSnapshot,
                                                 &kSelectSnapshotTurns,
                                                 &kSelectActionsFrom,
                                                 &kSelectTurns,
                                                 &kSelectPromptLogs,
                                                 &kSelectStats,
                                                 &kSelectGamesByStatusCount,
                                                 &kNodeJoin,
                                                 &kNodeRenew,
                                                 &kNodeLeave,
                                                 &kNodeAlive,
                                                 &kPeekOwner,
                                                 &kLockOwner,
                                                 &kTakeOwner,
                                                 &kLockOrphans,
                                                 &kAdoptLocked,
                                                 &kReleaseOwner,
                                                 &kClusterNodes,
                                                 &kClusterOwners};
  return all;
}

void prepare_all(pqxx::connection_base& conn) {
  for (const Statement* st : prepared_statements()) {
    conn.prepare(st->name, st->text);
  }
}

}  // namespace fourex::persistence::sql
