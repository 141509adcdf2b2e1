// Migrations: apply on an empty database, idempotent, concurrent, drop_all.
#include "persistence/migrator.hpp"

#include <thread>

#include <catch2/catch.hpp>

#include "tests/support/test_database.hpp"

using namespace fourex::persistence;
using fourex::testing::TestDatabase;

namespace {

int count_tables(pqxx::connection& conn) {
  pqxx::read_transaction tx(conn);
  return tx
      .exec(
          "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND "
          "tablename IN ('games', 'player_actions', 'game_turns', "
          "'game_snapshots', 'prompt_logs', 'player_stats', "
          "'schema_migrations')")[0][0]
      .as<int>();
}

}  // namespace

TEST_CASE("migrations are compiled in, ascending from 1",
          "[persistence][migrator]") {
  const auto& all = migrations();
  REQUIRE_FALSE(all.empty());
  CHECK(all.front().version == 1);
  CHECK(all.front().name == "initial");
  CHECK(all.front().sql.find("CREATE TABLE games") != std::string::npos);
  for (std::size_t i = 1; i < all.size(); ++i) {
    CHECK(all[i - 1].version < all[i].version);
  }
}

TEST_CASE("migrate applies on an empty database and is idempotent",
          "[persistence][migrator][db]") {
  TestDatabase db;
  auto conn = db.connect();
  CHECK(schema_version(*conn) == 0);
  const int latest = migrations().back().version;
  CHECK(migrate(*conn) == static_cast<int>(migrations().size()));
  CHECK(schema_version(*conn) == latest);
  CHECK(count_tables(*conn) == 7);
  CHECK(migrate(*conn) == 0);
  CHECK(schema_version(*conn) == latest);

  SECTION("drop_all removes every table, and migrate starts over") {
    drop_all(*conn);
    CHECK(count_tables(*conn) == 0);
    CHECK(schema_version(*conn) == 0);
    CHECK(migrate(*conn) == static_cast<int>(migrations().size()));
    CHECK(count_tables(*conn) == 7);
  }
}

TEST_CASE("two concurrent migrate calls apply each migration once",
          "[persistence][migrator][db]") {
  TestDatabase db;
  int applied[2] = {-1, -1};
  std::string errors[2];
  std::thread threads[2];
  for (int i = 0; i < 2; ++i) {
    threads[i] = std::thread([&, i] {
      try {
        auto conn = db.connect();
        applied[i] = migrate(*conn);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(errors[0].empty());
  CHECK(errors[1].empty());
  CHECK(applied[0] + applied[1] == static_cast<int>(migrations().size()));
  auto conn = db.connect();
  CHECK(schema_version(*conn) == migrations().back().version);
  pqxx::read_transaction tx(*conn);
  CHECK(tx.exec("SELECT count(*) FROM schema_migrations")[0][0].as<int>() ==
        static_cast<int>(migrations().size()));
}
