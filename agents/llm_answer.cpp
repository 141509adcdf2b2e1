// Parsing is lenient about where the JSON sits and strict about what it is:
// every action must pass the game's own order parser.
#include "agents/llm_answer.hpp"

#include <set>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "agents/json.hpp"
#include "game/orders.hpp"
#include "game/validate.hpp"

namespace fourex::agents {
namespace {

// Removes every <think>...</think> block from text; returns their insides.
std::string take_think_tags(std::string& text) {
  std::string thinking;
  while (true) {
    const auto open = text.find("<think>");
    if (open == std::string::npos) break;
    auto close = text.find("</think>", open);
    const auto end = close == std::string::npos ? text.size() : close + 8;
    const auto inner_end = close == std::string::npos ? text.size() : close;
    thinking += std::string(thinking.empty() ? "" : "\n") +
                text.substr(open + 7, inner_end - open - 7);
    text.erase(open, end - open);
  }
  return thinking;
}

long long usage_field(const rapidjson::Value& usage, const char* name) {
  return json::num(usage, name, 0);
}

// Insides of ``` fences, in order.
std::vector<std::string_view> fenced_blocks(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    const auto open = text.find("```", pos);
    if (open == std::string_view::npos) break;
    auto start = text.find('\n', open);
    if (start == std::string_view::npos) break;
    const auto close = text.find("```", start);
    if (close == std::string_view::npos) break;
    out.push_back(text.substr(start + 1, close - start - 1));
    pos = close + 3;
  }
  return out;
}

// The first JSON value starting at a '[' or '{' that holds actions.
bool first_actions(std::string_view text, rapidjson::Document& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '[' && text[i] != '{') continue;
    rapidjson::Document doc;
    const std::string rest(text.substr(i));
    doc.Parse<rapidjson::kParseStopWhenDoneFlag>(rest.c_str());
    if (doc.HasParseError()) continue;
    if (doc.IsObject()) {
      if (const auto* a = json::member(doc, "actions"); a && a->IsArray()) {
        out.CopyFrom(*a, out.GetAllocator());
        return true;
      }
      if (!json::member(doc, "type")) continue;
      out.SetArray();
      rapidjson::Value copy(doc, out.GetAllocator());
      out.PushBack(copy, out.GetAllocator());
      return true;
    }
    bool actions = true;
    for (const auto& a : doc.GetArray()) actions = actions && a.IsObject();
    if (!actions) continue;
    out.Swap(doc);
    return true;
  }
  return false;
}

}  // namespace

LlmAnswer parse_completion(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject())
    throw UnusableAnswer("the completion is not a JSON object");
  const auto* choices = json::member(doc, "choices");
  if (!choices || !choices->IsArray() || choices->Empty())
    throw UnusableAnswer("the completion has no choices");
  const auto* message = json::member((*choices)[0], "message");
  if (!message) throw UnusableAnswer("the completion has no message");
  LlmAnswer a;
  a.content = json::str(*message, "content");
  a.thinking = json::str(*message, "reasoning_content",
                         json::str(*message, "reasoning"));
  const auto tags = take_think_tags(a.content);
  a.thinking +=
      std::string(a.thinking.empty() || tags.empty() ? "" : "\n") + tags;
  if (const auto* u = json::member(doc, "usage"); u && u->IsObject()) {
    a.prompt_tokens = usage_field(*u, "prompt_tokens");
    a.completion_tokens = usage_field(*u, "completion_tokens");
    a.thinking_tokens = usage_field(*u, "reasoning_tokens");
    if (const auto* d = json::member(*u, "completion_tokens_details");
        d && json::member(*d, "reasoning_tokens"))
      a.thinking_tokens = usage_field(*d, "reasoning_tokens");
  }
  return a;
}

std::string extract_orders(std::string_view content) {
  rapidjson::Document actions;
  bool found = false;
  for (auto block : fenced_blocks(content))
    if ((found = first_actions(block, actions))) break;
  if (!found) found = first_actions(content, actions);
  if (!found)
    throw UnusableAnswer("no JSON array of actions found in the answer");
  game::Orders orders;
  try {
    orders = game::parse_orders(actions);
  } catch (const game::ParseError& e) {
    throw UnusableAnswer(std::string("action ") + std::to_string(e.index) +
                         ": " + e.what());
  }
  game::Orders kept;
  std::set<int> units, cities;
  bool research = false;
  for (auto& o : orders) {
    const int u = game::order_unit(o), c = game::order_city(o);
    if (u >= 0 && !units.insert(u).second) continue;
    if (c >= 0 && !cities.insert(c).second) continue;
    if (std::holds_alternative<game::SetResearch>(o.action)) {
      if (research) continue;
      research = true;
    }
    kept.push_back(std::move(o));
  }
  return game::orders_to_json(kept);
}

}  // namespace fourex::agents
