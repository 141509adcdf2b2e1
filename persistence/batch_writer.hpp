// Writes one WriteBatch in one transaction: multi-row statements (one array
// parameter per column) or COPY, in a fixed table order; for the common
// batch (no new game, no COPY, no resend) all of them as one statement.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include <pqxx/pqxx>

#include "persistence/rows.hpp"

namespace fourex::persistence {

// A new game's id is taken. Nothing of the batch was written.
class GameExists : public std::runtime_error {
 public:
  explicit GameExists(std::string game_id)
      : std::runtime_error("game already exists: " + game_id),
        game_id_(std::move(game_id)) {}
  const std::string& game_id() const { return game_id_; }

 private:
  std::string game_id_;
};

class BatchWriter {
 public:
  explicit BatchWriter(std::string url);
  ~BatchWriter();
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // Commits the batch, but for the games the epoch fence refused, which it
  // returns: a game whose WriteBatch::leases entry the game_owners row no
  // longer holds (another node took it over, or this node's lease
  // expired), or a new game whose lease's node is not alive; nothing of
  // theirs is stored. A game without a lease is
  // written unfenced (see WriteBatch::leases). Otherwise all or nothing.
  // Throws DatabaseUnavailable when the database is unreachable or the
  // commit's outcome is unknown (the connection is reopened on the next
  // call), GameExists when a new game's id is taken, std::invalid_argument
  // for a NUL byte in a text field, and pqxx::sql_error for other rejected
  // data (foreign key, a submission stored with another or no request_id,
  // malformed JSON...). A submission stored with the same non-empty
  // request_id is a resend: skipped, with its stats delta, and the rest of
  // the batch committed.
  std::set<std::string> write(const WriteBatch& batch);

  // player_actions go through COPY when a batch holds at least this many
  // rows, else one multi-row INSERT. Measured (2 cores, fsync on, one
  // transaction per batch): INSERT is ~8% faster at 1-10 rows, they tie at
  // 100, COPY is ~6-9% faster from 500 rows. 0 disables COPY.
  void set_copy_threshold(std::size_t rows) { copy_threshold_ = rows; }

  // Opens the connection now (fail fast at start). Throws DatabaseUnavailable.
  void open();

 private:
  // How a batch's player_actions go in: one multi-row INSERT, which tells
  // resends from conflicts, or COPY (see set_copy_threshold).
  enum class ActionsBy { insert, copy };

  // A batch without new games as one statement (sql::kWriteBatch): one
  // round trip; returns the refused games. nullopt, with nothing written,
  // when a submission's key is stored already. Throws CommitInDoubt when
  // the connection breaks after the statement was sent.
  std::optional<std::set<std::string>> write_in_one_statement(
      const WriteBatch& batch);
  // One transaction; its first statement locks the leases
  // (sql::kLockLeases). Returns the refused games.
  std::set<std::string> write_once(const WriteBatch& batch,
                                   ActionsBy actions_by);
  void write_in(pqxx::work& tx, const WriteBatch& batch, ActionsBy actions_by);

  std::string url_;
  std::unique_ptr<pqxx::connection> conn_;
  std::size_t copy_threshold_ = 500;
};

}  // namespace fourex::persistence
