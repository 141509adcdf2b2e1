// Plays one game with random picks from legal_actions and times resolve,
// serialization + hash, and view + legal_actions per player.
#include "bench/engine_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

#include "game/game.hpp"

namespace fourex::bench {

namespace {

using Clock = std::chrono::steady_clock;

long long micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::microseconds>(b - a).count();
}

// CPU time of this thread: unlike wall time it excludes preemption, which
// dominates the tail on a shared machine.
long long thread_cpu_us() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<long long>(t.tv_sec) * 1'000'000 + t.tv_nsec / 1000;
}

long long percentile(std::vector<long long> v, int pct) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto k = (v.size() - 1) * static_cast<std::size_t>(pct) / 100;
  return v[k];
}

// Wall and thread CPU time of each run of one measured step.
struct Timings {
  std::vector<long long> wall, cpu;
  template <class F>
  void time(F&& f) {
    const auto w0 = Clock::now();
    const long long c0 = thread_cpu_us();
    f();
    cpu.push_back(thread_cpu_us() - c0);
    wall.push_back(micros(w0, Clock::now()));
  }
  void add_last(const Timings& t) {
    wall.push_back(t.wall.back());
    cpu.push_back(t.cpu.back());
  }
  long long median() const { return percentile(wall, 50); }
  long long p99() const { return percentile(wall, 99); }
  long long cpu_median() const { return percentile(cpu, 50); }
  long long cpu_p99() const { return percentile(cpu, 99); }
};

bool parse_int(const std::string& s, long long& out) {
  try {
    std::size_t pos = 0;
    out = std::stoll(s, &pos);
    return pos == s.size();
  } catch (...) {
    return false;
  }
}

}  // namespace

int run_engine_bench(const std::vector<std::string>& args, std::ostream& out) {
  long long turns = 200, players = 8, seed = 1;
  int width = 64, height = 64;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (!has_value) {
      out << "engine bench: unknown or incomplete flag " << a << "\n";
      return 2;
    }
    const std::string& v = args[++i];
    bool ok = true;
    if (a == "--turns")
      ok = parse_int(v, turns) && turns >= 1;
    else if (a == "--players")
      ok = parse_int(v, players);
    else if (a == "--seed")
      ok = parse_int(v, seed);
    else if (a == "--map")
      ok = std::sscanf(v.c_str(), "%dx%d", &width, &height) == 2;
    else
      ok = false;
    if (!ok) {
      out << "engine bench: bad flag " << a << " " << v << "\n";
      return 2;
    }
  }
  game::GameConfig config;
  for (long long p = 0; p < players; ++p) {
    std::string name = "P";  // appended: GCC 12 warns on "P" + to_string
    name.append(std::to_string(p + 1));
    config.players.push_back({name, "random"});
  }
  config.width = width;
  config.height = height;
  config.seed = static_cast<std::uint64_t>(seed);
  config.max_turns = static_cast<int>(turns);
  game::State state;
  try {
    state = game::new_game(config);
  } catch (const game::ConfigError& e) {
    out << "engine bench: " << e.what() << "\n";
    return 2;
  }
  game::Rng rng(static_cast<std::uint64_t>(seed), 0xBE7C4);
  Timings resolve, resolve_late, hash, sha, view;
  std::size_t state_bytes = 0;
  int played = 0;
  const auto start = Clock::now();
  while (!state.finished) {
    std::map<game::PlayerId, game::Orders> orders;
    for (int p = 0; p < static_cast<int>(state.players.size()); ++p) {
      if (!state.players[p].alive) continue;
      view.time([&] {
        rapidjson::StringBuffer buf;
        game::JsonWriter w(buf);
        w.StartObject();
        game::write_view_fields(state, p, w);
        w.EndObject();
      });
      orders[p] = game::random_orders(state, p, rng);
    }
    game::TurnResult result;
    resolve.time([&] { result = game::resolve_turn(state, orders); });
    ++played;
    if (played >= 100 && played <= 200) resolve_late.add_last(resolve);
    state = std::move(result.state);
    std::string json;
    hash.time([&] {
      json = game::to_json(state);
      game::sha256_hex(json);
    });
    // Baseline for the ratios in docs/benchmarks.md: hashing the same bytes
    // alone, measured in the same run.
    sha.time([&] { game::sha256_hex(json); });
    state_bytes = json.size();
  }
  const auto total_ms = micros(start, Clock::now()) / 1000;
  int units = static_cast<int>(state.units.size());
  int cities = static_cast<int>(state.cities.size());
  out << "engine bench: " << players << " players, " << width << "x" << height
      << ", " << played << " turns in " << total_ms << " ms\n";
  out << "final state: " << units << " units, " << cities << " cities, "
      << state_bytes << " bytes";
  if (state.winner) out << ", winner " << state.players[*state.winner].name;
  out << "\n";
  // Wall time is what a caller waits; CPU time (the *_cpu_us figures)
  // leaves out the other processes of a shared machine.
  out << "resolve_turn: median " << resolve.median() << " us, p99 "
      << resolve.p99() << " us, turns 100-200 median " << resolve_late.median()
      << " us (CPU time: median " << resolve.cpu_median() << ", p99 "
      << resolve.cpu_p99() << ", turns 100-200 median "
      << resolve_late.cpu_median() << ")\n";
  out << "to_json + sha256: median " << hash.median() << " us (CPU time "
      << hash.cpu_median() << "); sha256 alone: " << sha.median() << " us\n";
  out << "view + legal_actions per player: median " << view.median()
      << " us, p99 " << view.p99() << " us (CPU time: median "
      << view.cpu_median() << ", p99 " << view.cpu_p99() << ")\n";
  out << "{\"players\":" << players << ",\"map\":\"" << width << "x" << height
      << "\",\"turns\":" << played
      << ",\"resolve_median_us\":" << resolve.median()
      << ",\"resolve_p99_us\":" << resolve.p99()
      << ",\"resolve_median_us_100_200\":" << resolve_late.median()
      << ",\"serialize_hash_median_us\":" << hash.median()
      << ",\"baseline_sha256_median_us\":" << sha.median()
      << ",\"view_median_us\":" << view.median()
      << ",\"view_p99_us\":" << view.p99()
      << ",\"resolve_median_cpu_us\":" << resolve.cpu_median()
      << ",\"resolve_p99_cpu_us\":" << resolve.cpu_p99()
      << ",\"resolve_median_cpu_us_100_200\":" << resolve_late.cpu_median()
      << ",\"serialize_hash_median_cpu_us\":" << hash.cpu_median()
      << ",\"view_median_cpu_us\":" << view.cpu_median()
      << ",\"view_p99_cpu_us\":" << view.cpu_p99()
      << ",\"state_bytes\":" << state_bytes << ",\"units\":" << units
      << ",\"cities\":" << cities << ",\"total_ms\":" << total_ms << "}\n";
  return 0;
}

}  // namespace fourex::bench
