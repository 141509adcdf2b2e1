// Plays one game with random picks from legal_actions and times resolve,
// serialization + hash, and view + legal_actions per player.
#include "bench/engine_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "game/game.hpp"

namespace fourex::bench {

namespace {

using Clock = std::chrono::steady_clock;

long long micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::microseconds>(b - a).count();
}

long long percentile(std::vector<long long> v, int pct) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto k = (v.size() - 1) * static_cast<std::size_t>(pct) / 100;
  return v[k];
}

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
    if (a == "--turns") ok = parse_int(v, turns) && turns >= 1;
    else if (a == "--players") ok = parse_int(v, players);
    else if (a == "--seed") ok = parse_int(v, seed);
    else if (a == "--map") ok = std::sscanf(v.c_str(), "%dx%d", &width, &height) == 2;
    else ok = false;
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
  std::vector<long long> resolve_us, resolve_late_us, hash_us, view_us;
  std::size_t state_bytes = 0;
  int played = 0;
  const auto start = Clock::now();
  while (!state.finished) {
    std::map<game::PlayerId, game::Orders> orders;
    for (int p = 0; p < static_cast<int>(state.players.size()); ++p) {
      if (!state.players[p].alive) continue;
      const auto t0 = Clock::now();
      rapidjson::StringBuffer buf;
      game::JsonWriter w(buf);
      w.StartObject();
      game::write_view_fields(state, p, w);
      w.EndObject();
      view_us.push_back(micros(t0, Clock::now()));
      orders[p] = game::random_orders(state, p, rng);
    }
    const auto t1 = Clock::now();
    auto result = game::resolve_turn(state, orders);
    const auto t2 = Clock::now();
    state = std::move(result.state);
    const auto t3 = Clock::now();
    const std::string json = game::to_json(state);
    const std::string hash = game::sha256_hex(json);
    const auto t4 = Clock::now();
    ++played;
    resolve_us.push_back(micros(t1, t2));
    if (played >= 100 && played <= 200) resolve_late_us.push_back(micros(t1, t2));
    hash_us.push_back(micros(t3, t4));
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
  out << "resolve_turn: median " << percentile(resolve_us, 50) << " us, p99 "
      << percentile(resolve_us, 99) << " us, median turns 100-200 "
      << percentile(resolve_late_us, 50) << " us\n";
  out << "to_json + sha256: median " << percentile(hash_us, 50) << " us\n";
  out << "view + legal_actions per player: median " << percentile(view_us, 50)
      << " us, p99 " << percentile(view_us, 99) << " us\n";
  out << "{\"players\":" << players << ",\"map\":\"" << width << "x" << height
      << "\",\"turns\":" << played
      << ",\"resolve_median_us\":" << percentile(resolve_us, 50)
      << ",\"resolve_p99_us\":" << percentile(resolve_us, 99)
      << ",\"resolve_median_us_100_200\":" << percentile(resolve_late_us, 50)
      << ",\"serialize_hash_median_us\":" << percentile(hash_us, 50)
      << ",\"view_median_us\":" << percentile(view_us, 50)
      << ",\"view_p99_us\":" << percentile(view_us, 99)
      << ",\"state_bytes\":" << state_bytes << ",\"units\":" << units
      << ",\"cities\":" << cities << ",\"total_ms\":" << total_ms << "}\n";
  return 0;
}

}  // namespace fourex::bench
