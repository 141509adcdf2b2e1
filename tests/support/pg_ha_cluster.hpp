// A throw-away pg_auto_failover formation of a test's own (a monitor, a
// primary and a synchronous secondary, run by scripts/pg-ha) under a temp
// dir on free loopback ports; always stopped and removed.
#pragma once

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <stdlib.h>

#include "tests/support/server_process.hpp"

namespace fourex::testing {

class PgHaCluster {
 public:
  PgHaCluster() {
    char dir[] = "/tmp/fourex-ha-XXXXXX";
    if (!::mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
    dir_ = dir;
    ports_ = std::to_string(free_loopback_port()) + "," +
             std::to_string(free_loopback_port()) + "," +
             std::to_string(free_loopback_port());
    url_ = run("start");
    while (!url_.empty() && url_.back() == '\n') url_.pop_back();
  }
  ~PgHaCluster() {
    try {
      run("stop");
    } catch (const std::exception&) {
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  PgHaCluster(const PgHaCluster&) = delete;
  PgHaCluster& operator=(const PgHaCluster&) = delete;

  // scripts/pg-ha <verb>; returns its standard output, throws with the
  // folder of its logs when it fails.
  std::string run(const std::string& verb) {
    auto command = "FOUREX_PGHA_DIR='" + dir_ +
                   "' FOUREX_PGHA_PORTS=" + ports_ +
                   " '" FOUREX_SOURCE_DIR "/scripts/pg-ha' " + verb + " 2>>'" +
                   dir_ + "/ctl.log'";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed");
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    if (::pclose(pipe) != 0)
      throw std::runtime_error("scripts/pg-ha " + verb + " failed; see " +
                               dir_);
    return out;
  }

  // The multi-host URL that follows the primary.
  const std::string& url() const { return url_; }
  // A switchover, waiting until the old primary follows the new one.
  void switchover() { run("failover"); }
  // SIGKILL to the primary's node (pg_autoctl and postgres).
  void crash() { run("crash"); }
  // Starts what is stopped (a crashed node rejoins as the secondary).
  void start() { run("start"); }

 private:
  std::string dir_;
  std::string ports_;
  std::string url_;
};

}  // namespace fourex::testing
