#include "results/standings.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fourex::results {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

double ratio(double part, double whole) { return whole > 0 ? part / whole : 0; }

void key_number(Writer& w, const char* key, double v) {
  w.Key(key);
  w.Double(v);
}

// A figure made of private records, or null when they are withheld.
void key_private(Writer& w, const char* key, double v, bool shown) {
  w.Key(key);
  if (shown)
    w.Double(v);
  else
    w.Null();
}

void write_row(Writer& w, const LeaderboardRow& r, bool private_figures) {
  w.StartObject();
  w.Key("entrant");
  w.String(r.entrant);
  w.Key("rating");
  w.StartObject();
  key_number(w, "mu", r.standing.rating.mu);
  key_number(w, "sigma", r.standing.rating.sigma);
  key_number(w, "ordinal", r.standing.rating.ordinal());
  key_number(w, "low", r.standing.rating.low());
  key_number(w, "high", r.standing.rating.high());
  w.EndObject();
  w.Key("games");
  w.Int(r.standing.games);
  w.Key("wins");
  w.Int(r.standing.wins);
  const auto wr = r.standing.win_rate();
  w.Key("win_rate");
  w.StartObject();
  key_number(w, "rate", wr.rate);
  key_number(w, "low", wr.low);
  key_number(w, "high", wr.high);
  w.EndObject();
  key_number(w, "mean_score", r.mean_score);
  w.Key("turns");
  w.Int(r.turns);
  const bool shown = private_figures;
  key_private(w, "refused_action_rate", r.refused_rate, shown);
  key_private(w, "fallback_rate", r.fallback_rate, shown);
  w.Key("tokens_per_turn");
  if (shown) {
    w.StartObject();
    key_number(w, "prompt", r.prompt_tokens_per_turn);
    key_number(w, "completion", r.completion_tokens_per_turn);
    key_number(w, "thinking", r.thinking_tokens_per_turn);
    w.EndObject();
  } else {
    w.Null();
  }
  key_private(w, "latency_ms_p50", r.latency_ms_p50, shown);
  key_private(w, "latency_ms_p95", r.latency_ms_p95, shown);
  key_private(w, "cost_per_game", r.cost_per_game, shown);
  w.EndObject();
}

// A CSV field: quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out(1, '"');
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// The CSV's numbers up to turns are public; from refused_action_rate on
// they are made of private records (empty when withheld).
constexpr std::size_t kPublicCsvNumbers = 12;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

Standings compute_standings(const std::vector<std::string>& entrants,
                            const std::vector<FinishedGame>& games,
                            const std::map<std::string, Usage>& usage) {
  RatingTable table;
  std::map<std::string, long long> score_sum, turns, accepted, refused;
  Standings out;
  for (const auto& g : games) {
    std::vector<std::pair<std::string, int>> scores;
    for (const auto& s : g.seats) {
      if (std::find(entrants.begin(), entrants.end(), s.entrant) ==
          entrants.end())
        throw std::invalid_argument("game " + g.game_id +
                                    " seats an unknown entrant " + s.entrant);
      scores.emplace_back(s.entrant, s.score);
      score_sum[s.entrant] += s.score;
      turns[s.entrant] += g.completed_turns;
      accepted[s.entrant] += s.actions;
      refused[s.entrant] += s.rejected;
    }
    table.add_game(scores);
    for (std::size_t i = 0; i < g.seats.size(); ++i)
      for (std::size_t j = i + 1; j < g.seats.size(); ++j) {
        const auto& a = g.seats[i];
        const auto& b = g.seats[j];
        const bool a_first = a.entrant < b.entrant;
        auto& h =
            out.head_to_head[a_first ? std::make_pair(a.entrant, b.entrant)
                                     : std::make_pair(b.entrant, a.entrant)];
        ++h.games;
        if (a.score == b.score)
          ++h.ties;
        else if ((a.score > b.score) == a_first)
          ++h.first_ahead;
        else
          ++h.second_ahead;
      }
    ++out.finished_games;
  }
  for (const auto& name : entrants) {
    LeaderboardRow r;
    r.entrant = name;
    if (auto it = table.standings().find(name); it != table.standings().end())
      r.standing = it->second;
    const double n = r.standing.games;
    r.mean_score = ratio(static_cast<double>(score_sum[name]), n);
    r.turns = static_cast<int>(turns[name]);
    r.refused_rate = ratio(static_cast<double>(refused[name]),
                           static_cast<double>(accepted[name] + refused[name]));
    if (auto u = usage.find(name); u != usage.end()) {
      const Usage& x = u->second;
      r.fallback_rate = ratio(static_cast<double>(x.fallbacks),
                              static_cast<double>(x.llm_calls));
      r.prompt_tokens_per_turn =
          ratio(static_cast<double>(x.prompt_tokens), r.turns);
      r.completion_tokens_per_turn =
          ratio(static_cast<double>(x.completion_tokens), r.turns);
      r.thinking_tokens_per_turn =
          ratio(static_cast<double>(x.thinking_tokens), r.turns);
      r.latency_ms_p50 = x.latency_ms_p50;
      r.latency_ms_p95 = x.latency_ms_p95;
      r.cost_per_game = ratio(x.cost, n);
    }
    out.leaderboard.push_back(std::move(r));
  }
  std::stable_sort(out.leaderboard.begin(), out.leaderboard.end(),
                   [](const LeaderboardRow& a, const LeaderboardRow& b) {
                     const double x = a.standing.rating.ordinal();
                     const double y = b.standing.rating.ordinal();
                     return x != y ? x > y : a.entrant < b.entrant;
                   });
  return out;
}

std::string standings_json(const Standings& s) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("finished_games");
  w.Int(s.finished_games);
  w.Key("private_figures");
  w.Bool(s.private_figures);
  w.Key("leaderboard");
  w.StartArray();
  for (const auto& r : s.leaderboard) write_row(w, r, s.private_figures);
  w.EndArray();
  w.Key("head_to_head");
  w.StartArray();
  for (const auto& [pair, h] : s.head_to_head) {
    w.StartObject();
    w.Key("a");
    w.String(pair.first);
    w.Key("b");
    w.String(pair.second);
    w.Key("games");
    w.Int(h.games);
    w.Key("a_ahead");
    w.Int(h.first_ahead);
    w.Key("b_ahead");
    w.Int(h.second_ahead);
    w.Key("ties");
    w.Int(h.ties);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

std::string leaderboard_csv(const Standings& s) {
  std::string out =
      "rank,entrant,mu,sigma,ordinal,rating_low,rating_high,games,wins,"
      "win_rate,win_rate_low,win_rate_high,mean_score,turns,"
      "refused_action_rate,fallback_rate,prompt_tokens_per_turn,"
      "completion_tokens_per_turn,thinking_tokens_per_turn,latency_ms_p50,"
      "latency_ms_p95,cost_per_game\r\n";
  int rank = 0;
  for (const auto& r : s.leaderboard) {
    const auto& rt = r.standing.rating;
    const auto wr = r.standing.win_rate();
    const std::vector<double> numbers{rt.mu,
                                      rt.sigma,
                                      rt.ordinal(),
                                      rt.low(),
                                      rt.high(),
                                      static_cast<double>(r.standing.games),
                                      static_cast<double>(r.standing.wins),
                                      wr.rate,
                                      wr.low,
                                      wr.high,
                                      r.mean_score,
                                      static_cast<double>(r.turns),
                                      r.refused_rate,
                                      r.fallback_rate,
                                      r.prompt_tokens_per_turn,
                                      r.completion_tokens_per_turn,
                                      r.thinking_tokens_per_turn,
                                      r.latency_ms_p50,
                                      r.latency_ms_p95,
                                      r.cost_per_game};
    // Appended piece by piece: `"," + std::string` trips GCC 12's false
    // -Wrestrict warning.
    out += std::to_string(++rank);
    out += ',';
    out += csv_field(r.entrant);
    for (std::size_t i = 0; i < numbers.size(); ++i) {
      out += ',';
      if (i < kPublicCsvNumbers || s.private_figures) out += number(numbers[i]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace fourex::results
