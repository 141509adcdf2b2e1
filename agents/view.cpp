// Parsing of the view JSON: tolerant of extra fields, strict about shape.
#include "agents/view.hpp"

#include <stdexcept>

#include "agents/json.hpp"

namespace fourex::agents {
namespace {

using json::flag;
using json::member;
using json::num;
using json::str;

int as_int(const rapidjson::Value& v, const char* name, int fallback = 0) {
  return static_cast<int>(num(v, name, fallback));
}

std::vector<std::string> strings(const rapidjson::Value& v, const char* name) {
  std::vector<std::string> out;
  if (const auto* a = member(v, name); a && a->IsArray())
    for (const auto& s : a->GetArray())
      if (s.IsString()) out.emplace_back(s.GetString(), s.GetStringLength());
  return out;
}

template <class F>
void each(const rapidjson::Value& v, const char* name, F&& f) {
  if (const auto* a = member(v, name); a && a->IsArray())
    for (const auto& item : a->GetArray())
      if (item.IsObject()) f(item);
}

void read_coord(const rapidjson::Value& a, const char* name,
                SuggestedAction& out) {
  const auto* c = member(a, name);
  if (c && c->IsArray() && c->Size() == 2 && (*c)[0].IsInt() &&
      (*c)[1].IsInt()) {
    out.x = (*c)[0].GetInt();
    out.y = (*c)[1].GetInt();
  }
}

SuggestedAction read_action(const rapidjson::Value& a) {
  SuggestedAction out;
  out.type = str(a, "type");
  out.unit_id = as_int(a, "unit_id", -1);
  out.city_id = as_int(a, "city_id", -1);
  read_coord(a, out.type == "attack" ? "target" : "to", out);
  out.item = str(a, "item");
  out.tech = str(a, "tech");
  out.player = str(a, "player");
  out.json = json::text(a);
  return out;
}

}  // namespace

char View::tile(int x, int y) const {
  if (x < 0 || y < 0 || y >= static_cast<int>(rows.size()) ||
      x >= static_cast<int>(rows[y].size()))
    return '?';
  return rows[y][x];
}

bool View::at_war() const {
  for (const auto& p : players)
    if (p.relation == "war" && p.alive) return true;
  return false;
}

View parse_view(const rapidjson::Value& v) {
  const auto* you = member(v, "you");
  if (!v.IsObject() || !you || !you->IsObject() || !member(v, "turn"))
    throw std::runtime_error("not a view: no 'you' or 'turn'");
  View view;
  view.game_id = str(v, "game_id");
  view.status = game::status_from_name(str(v, "status", "active"))
                    .value_or(game::GameStatus::paused);
  view.turn = as_int(v, "turn");
  view.completed_turns = as_int(v, "completed_turns");
  view.max_turns = as_int(v, "max_turns");
  view.submitted = flag(v, "submitted");
  if (const auto* w = member(v, "winner"); w && w->IsString())
    view.winner = w->GetString();
  view.you = str(*you, "name");
  view.gold = as_int(*you, "gold");
  view.score = as_int(*you, "score");
  view.science_per_turn = as_int(*you, "science_per_turn");
  if (const auto* r = member(*you, "research"); r && r->IsObject())
    view.research = str(*r, "tech");
  view.techs = strings(*you, "techs");
  view.available_techs = strings(*you, "available_techs");
  each(v, "players", [&](const rapidjson::Value& p) {
    view.players.push_back(
        {str(p, "name"), str(p, "relation"), flag(p, "alive", true),
         flag(p, "proposed_peace_to_you"), flag(p, "you_proposed_peace"),
         as_int(p, "score"), as_int(p, "cities"), as_int(p, "techs")});
  });
  if (const auto* m = member(v, "map"); m && m->IsObject()) {
    view.width = as_int(*m, "width");
    view.height = as_int(*m, "height");
    view.rows = strings(*m, "rows");
  }
  each(v, "units", [&](const rapidjson::Value& u) {
    ViewUnit unit;
    unit.id = as_int(u, "id");
    unit.owner = str(u, "owner");
    unit.type = str(u, "type");
    unit.x = as_int(u, "x");
    unit.y = as_int(u, "y");
    unit.hp = as_int(u, "hp");
    unit.moves = as_int(u, "moves");
    unit.strength = as_int(u, "strength");
    unit.range = as_int(u, "range", 1);
    unit.fortified = flag(u, "fortified");
    view.units.push_back(std::move(unit));
  });
  each(v, "cities", [&](const rapidjson::Value& c) {
    ViewCity city;
    city.id = as_int(c, "id");
    city.owner = str(c, "owner");
    city.name = str(c, "name");
    city.x = as_int(c, "x");
    city.y = as_int(c, "y");
    city.population = as_int(c, "population");
    city.hp = as_int(c, "hp");
    city.capital = flag(c, "capital");
    city.buildings = strings(c, "buildings");
    city.item = str(c, "item");
    city.production = as_int(c, "production");
    city.item_cost = as_int(c, "item_cost");
    view.cities.push_back(std::move(city));
  });
  each(v, "messages", [&](const rapidjson::Value& m) {
    view.messages.push_back(
        {as_int(m, "turn"), str(m, "from"), str(m, "to"), str(m, "text")});
  });
  // "legal_actions" is the old name, all a server before the rename sends.
  const char* suggested =
      member(v, "suggested_actions") ? "suggested_actions" : "legal_actions";
  each(v, suggested, [&](const rapidjson::Value& a) {
    view.suggested.push_back(read_action(a));
  });
  return view;
}

View parse_view(const std::string& json_text) {
  rapidjson::Document doc;
  doc.Parse(json_text.data(), json_text.size());
  if (doc.HasParseError()) throw std::runtime_error("view is not JSON");
  return parse_view(doc);
}

}  // namespace fourex::agents
