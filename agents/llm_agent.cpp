// The LLM agent's turn: prompt, call, parse, one retry, fallback; every call
// logged with its tokens, latency and error.
#include "agents/llm_agent.hpp"

#include <chrono>
#include <cstdlib>

#include <httplib.h>

#include "agents/json.hpp"
#include "agents/llm_answer.hpp"
#include "agents/render.hpp"

namespace fourex::agents {
namespace {

constexpr std::size_t kMemoryTurns = 5;

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

std::string_view style(Personality p) {
  switch (p) {
    case Personality::aggressive:
      return "You are aggressive: build an army early, find your rivals, "
             "declare war and capture their cities.";
    case Personality::defensive:
      return "You are defensive: keep every city garrisoned and walled, "
             "grow safely, make peace whenever you can.";
    case Personality::explorer:
      return "You are an explorer: scout the whole map early, then settle "
             "the best land you found.";
    case Personality::economic:
      return "You are economic: grow your cities, build markets and "
             "granaries, keep upkeep low.";
    case Personality::expansionist:
      return "You are an expansionist: found as many cities as you can, as "
             "early as you can.";
    case Personality::scientific:
      return "You are scientific: research fast, build libraries, reach "
             "philosophy first.";
    case Personality::diplomatic:
      return "You are diplomatic: stay at peace, answer messages, propose "
             "and accept peace, win by growth.";
    case Personality::balanced:
    case Personality::random:
      break;
  }
  return "You are balanced: expand, research and defend in equal measure.";
}

std::string system_prompt(Personality p) {
  std::string s =
      "You play fourex, a turn-based 4X strategy game, against other "
      "players. ";
  s += style(p);
  s += "\nScore: 10 per city, 3 per population, 5 per tech, 2 per building "
       "(+3 for a temple); the highest score at the last turn wins, or the "
       "last player with cities. Settlers found cities (found_city); cities "
       "build one item at a time (set_production); research one tech at a "
       "time (set_research); attacking needs war (declare_war).\n"
       "Answer with a JSON array of action objects for this turn, e.g. "
       "[{\"type\":\"found_city\",\"unit_id\":1}], choosing from the legal "
       "actions listed (copy them exactly). Use each unit and each city at "
       "most once. Send only the JSON array.";
  return s;
}

void add_message(std::string& out, const char* role, const std::string& text) {
  out += std::string(out.size() > 1 ? "," : "") + "{\"role\":\"" + role +
         "\",\"content\":" + json::quote(text) + "}";
}

}  // namespace

LlmConfig LlmConfig::from_env() {
  LlmConfig c;
  c.base_url = env_or("LLM_BASE_URL", c.base_url);
  c.api_key = env_or("LLM_API_KEY", c.api_key);
  c.model = env_or("LLM_MODEL", c.model);
  c.timeout_ms =
      std::atoi(env_or("LLM_TIMEOUT_MS", std::to_string(c.timeout_ms)).c_str());
  if (c.timeout_ms <= 0) c.timeout_ms = 60000;
  return c;
}

std::string prompt_log_json(const std::string& player, int turn,
                            const std::string& model, const LlmCall& c) {
  return "{\"player\":" + json::quote(player) +
         ",\"turn\":" + std::to_string(turn) +
         ",\"provider\":\"openai-compatible\",\"model\":" + json::quote(model) +
         ",\"prompt\":" + json::quote(c.prompt) +
         ",\"response\":" + json::quote(c.response) +
         ",\"thinking\":" + json::quote(c.thinking) +
         ",\"prompt_tokens\":" + std::to_string(c.prompt_tokens) +
         ",\"completion_tokens\":" + std::to_string(c.completion_tokens) +
         ",\"thinking_tokens\":" + std::to_string(c.thinking_tokens) +
         ",\"latency_ms\":" + std::to_string(c.latency_ms) +
         ",\"error\":" + (c.error ? json::quote(*c.error) : "null") +
         ",\"fallback\":" + (c.fallback ? "true" : "false") + "}";
}

LlmAgent::LlmAgent(LlmConfig config, Personality personality,
                   std::uint64_t seed, LogSink sink)
    : config_(std::move(config)),
      personality_(personality),
      bot_(personality, seed),
      sink_(std::move(sink)) {}

std::optional<std::string> LlmAgent::complete(const std::string& system,
                                              const std::string& user,
                                              const std::string& retry_note,
                                              const std::string& last_answer,
                                              LlmCall& call) {
  std::string messages = "[";
  add_message(messages, "system", system);
  add_message(messages, "user", user);
  call.prompt = "[system]\n" + system + "\n\n[user]\n" + user;
  if (!retry_note.empty()) {
    add_message(messages, "assistant", last_answer);
    add_message(messages, "user", retry_note);
    call.prompt +=
        "\n\n[assistant]\n" + last_answer + "\n\n[user]\n" + retry_note;
  }
  messages += "]";
  const std::string body = "{\"model\":" + json::quote(config_.model) +
                           ",\"messages\":" + messages +
                           ",\"temperature\":0.2}";
  // "http://host:port/v1" -> client "http://host:port", path "/v1/...".
  const auto scheme = config_.base_url.find("://");
  const auto slash =
      config_.base_url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const std::string host = config_.base_url.substr(0, slash);
  std::string prefix =
      slash == std::string::npos ? "" : config_.base_url.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();

  httplib::Client client(host);
  const auto timeout = std::chrono::milliseconds(config_.timeout_ms);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  httplib::Headers headers;
  if (!config_.api_key.empty())
    headers.emplace("Authorization", "Bearer " + config_.api_key);
  const auto start = std::chrono::steady_clock::now();
  auto res = client.Post((prefix + "/chat/completions").c_str(), headers, body,
                         "application/json");
  call.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  if (!res) {
    call.error = res.error() == httplib::Error::Read
                     ? "timeout: no answer within " +
                           std::to_string(config_.timeout_ms) + " ms"
                     : "connection failed: " + httplib::to_string(res.error());
    return std::nullopt;
  }
  call.response = res->body;
  if (res->status != 200) {
    call.error = "HTTP " + std::to_string(res->status);
    return std::nullopt;
  }
  try {
    auto answer = parse_completion(res->body);
    call.response = answer.content;
    call.thinking = answer.thinking;
    call.prompt_tokens = answer.prompt_tokens;
    call.completion_tokens = answer.completion_tokens;
    call.thinking_tokens = answer.thinking_tokens;
    return answer.content;
  } catch (const UnusableAnswer& e) {
    call.error = e.what();
    return std::nullopt;
  }
}

Decision LlmAgent::decide(const View& view) {
  const std::string system = system_prompt(personality_);
  std::string user;
  if (!memory_.empty()) {
    user = "Your last turns:\n";
    for (const auto& m : memory_) user += "- " + m + "\n";
  }
  user += render_view(view);
  Decision d;
  std::string note, last;
  for (int attempt = 0; attempt < 2; ++attempt) {
    LlmCall call;
    auto content = complete(system, user, note, last, call);
    ++d.llm_calls;
    if (content) {
      try {
        d.orders_json = extract_orders(*content);
      } catch (const UnusableAnswer& e) {
        call.error = std::string("unusable answer: ") + e.what();
      }
    }
    // A second unusable answer is the last: the bot plays this turn.
    call.fallback = call.error && attempt == 1;
    sink_(view, call);
    if (!call.error) {
      remember(view, d.orders_json, false);
      return d;
    }
    note = "Your answer could not be used (" + *call.error +
           "). Answer again with only a JSON array of actions.";
    last = content.value_or(call.response);
  }
  d.orders_json = bot_.decide(view);
  d.fallback = true;
  remember(view, d.orders_json, true);
  return d;
}

Decision LlmAgent::fallback(const View& view, const std::string& error) {
  Decision d{bot_.decide(view), 0, true};
  remember(view, d.orders_json, true);
  if (!memory_.empty())
    memory_.back() += " (your orders were refused: " + error + ")";
  return d;
}

void LlmAgent::remember(const View& view, const std::string& orders,
                        bool fallback) {
  std::string line =
      "turn " + std::to_string(view.turn) + ": score " +
      std::to_string(view.score) + ", " +
      (fallback ? "the autopilot played " : "you played ") +
      (orders.size() > 600 ? orders.substr(0, 600) + "..." : orders);
  memory_.push_back(std::move(line));
  while (memory_.size() > kMemoryTurns) memory_.pop_front();
}

}  // namespace fourex::agents
