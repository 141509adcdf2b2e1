// A throw-away PostgreSQL cluster of a test's own, for what must not touch
// the shared test cluster: stopping the database under a server
// (tests/server/database_outage_test.cpp) or checking one that is down.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <stdlib.h>

#include "tests/support/server_process.hpp"

namespace fourex::testing {

// A throw-away PostgreSQL cluster under a temp dir on a free port, run by
// scripts/pg (FOUREX_TEST_PG_CTL, or the source tree's); always stopped.
class PgCluster {
 public:
  PgCluster() {
    char dir[] = "/tmp/fourex-cluster-XXXXXX";
    if (!::mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
    dir_ = dir;
    port_ = free_loopback_port();
    const char* ctl = std::getenv("FOUREX_TEST_PG_CTL");
    ctl_ = ctl && *ctl ? ctl : FOUREX_SOURCE_DIR "/scripts/pg";
    run("start");
  }
  ~PgCluster() {
    try {
      run("stop");
    } catch (const std::exception&) {
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // scripts/pg start or stop.
  void run(const std::string& verb) {
    auto command = "FOUREX_PG_DIR='" + dir_ +
                   "' FOUREX_PG_PORT=" + std::to_string(port_) +
                   " FOUREX_PG_DB=fourex_cluster '" + ctl_ + "' " + verb +
                   " >>'" + dir_ + "/ctl.log' 2>&1";
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("scripts/pg " + verb + " failed; see " + dir_ +
                               "/ctl.log");
  }
  const std::string& dir() const { return dir_; }
  int port() const { return port_; }
  std::string url() const {
    return std::string("postgresql://fourex@127.0.0.1:")
        .append(std::to_string(port_))
        .append("/fourex_cluster");
  }

 private:
  std::string dir_;
  std::string ctl_;
  int port_ = 0;
};

}  // namespace fourex::testing
