// Diplomacy and messages: war is needed to attack, peace is proposed and
// accepted, messages reach their recipients in the next view only.
#include <set>

#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using namespace fourex::game::testing;

TEST_CASE("no attack at peace, but declaring war in the same list allows it",
          "[diplomacy]") {
  auto s = flat_state();
  const int a = add_unit(s, 0, UnitType::warrior, 4, 5).id;
  add_unit(s, 1, UnitType::warrior, 5, 5);
  CHECK(rule_of(s, 0, {Attack{a, {5, 5}}}) == "not_at_war");
  const Orders war_then_attack{Attack{a, {5, 5}}, DeclareWar{"B"}};
  CHECK(rule_of(s, 0, war_then_attack) == "");
  auto r = turn(s, {{0, war_then_attack}});
  CHECK(r.state.at_war(0, 1));
  CHECK(r.state.at_war(1, 0));
  CHECK(count_events(r, "war_declared") == 1);
  CHECK(outcome(r, "A", 0).first == "applied");  // diplomacy resolves first
  CHECK(count_events(r, "combat") == 1);
  // An attack without war at resolution time is skipped, not an error.
  auto peace = turn(s, {{0, {Attack{a, {5, 5}}}}});
  CHECK(outcome(peace, "A", 0) ==
        std::pair<std::string, std::string>("skipped", "not_at_war"));
}

TEST_CASE("declare war checks its target", "[diplomacy]") {
  auto s = flat_state(3);
  CHECK(rule_of(s, 0, {DeclareWar{"A"}}) == "own_player");
  CHECK(rule_of(s, 0, {DeclareWar{"Z"}}) == "unknown_player");
  s.set_war(0, 1, true);
  CHECK(rule_of(s, 0, {DeclareWar{"B"}}) == "already_at_war");
  s.players[2].alive = false;
  CHECK(rule_of(s, 0, {DeclareWar{"C"}}) == "player_eliminated");
}

TEST_CASE("peace is proposed, accepted, and proposals expire", "[diplomacy]") {
  auto s = flat_state();
  CHECK(rule_of(s, 0, {ProposePeace{"B"}}) == "not_at_war");
  s.set_war(0, 1, true);
  CHECK(rule_of(s, 1, {AcceptPeace{"A"}}) == "no_peace_proposal");
  auto r = turn(s, {{0, {ProposePeace{"B"}}}});
  REQUIRE(r.state.proposals.size() == 1);
  CHECK(rule_of(r.state, 0, {ProposePeace{"B"}}) == "peace_already_proposed");
  CHECK(rule_of(r.state, 0, {AcceptPeace{"B"}}) == "no_peace_proposal");
  // The view tells B.
  const auto v = view_of(r.state, 1);
  CHECK(v["players"][0]["proposed_peace_to_you"].GetBool());
  CHECK(std::string(v["players"][0]["relation"].GetString()) == "war");
  auto accepted = turn(r.state, {{1, {AcceptPeace{"A"}}}});
  CHECK_FALSE(accepted.state.at_war(0, 1));
  CHECK(accepted.state.proposals.empty());
  CHECK(count_events(accepted, "peace_made") == 1);
  // Unanswered, the proposal lapses after kPeaceProposalTurns turns.
  State later = r.state;
  for (int k = 0; k < rules::kPeaceProposalTurns; ++k)
    later = turn(later, {}).state;
  CHECK(later.proposals.empty());
  CHECK(later.at_war(0, 1));
}

TEST_CASE("messages are delivered in the recipients' next view",
          "[diplomacy][messages]") {
  auto s = flat_state(3);
  const Orders sent{SendMessage{"B", "hello B"}, SendMessage{"all", "hi all"}};
  CHECK(rule_of(s, 0, sent) == "");
  CHECK(rule_of(s, 0, {SendMessage{"Q", "x"}}) == "unknown_player");
  // Not visible before the turn resolves.
  CHECK(view_of(s, 1)["messages"].Size() == 0);
  auto r = turn(s, {{0, sent}});
  const auto b = view_of(r.state, 1);
  REQUIRE(b["messages"].Size() == 2);
  CHECK(std::string(b["messages"][0]["from"].GetString()) == "A");
  CHECK(std::string(b["messages"][0]["to"].GetString()) == "B");
  CHECK(std::string(b["messages"][0]["text"].GetString()) == "hello B");
  CHECK(std::string(b["messages"][1]["to"].GetString()) == "all");
  const auto c = view_of(r.state, 2);
  REQUIRE(c["messages"].Size() == 1);
  CHECK(std::string(c["messages"][0]["text"].GetString()) == "hi all");
  CHECK(view_of(r.state, 0)["messages"].Size() == 0);  // not to the sender
  // One turn later they are gone.
  CHECK(view_of(turn(r.state, {}).state, 1)["messages"].Size() == 0);
}

TEST_CASE("at most five messages a turn", "[diplomacy][messages]") {
  auto s = flat_state();
  Orders six;
  for (int k = 0; k < 6; ++k) six.push_back(SendMessage{"B", "m"});
  const auto v = validate(s, 0, six);
  REQUIRE(v);
  CHECK(v->rule == "too_many_messages");
  CHECK(v->index == 5);
  auto r = turn(s, {{0, six}});
  CHECK(outcome(r, "A", 5).second == "too_many_messages");
  CHECK(r.state.messages.size() == 5);
}

TEST_CASE("message text: 2000 bytes at most, valid UTF-8 only",
          "[diplomacy][messages][parse]") {
  auto order = [](const std::string& text) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    write_order(SendMessage{"B", text}, w);
    return cat("[", std::string_view(buf.GetString(), buf.GetSize()), "]");
  };
  const std::string longest(rules::kMaxMessageBytes, 'x');
  CHECK(std::get<SendMessage>(parse_orders(order(longest))[0].action).text ==
        longest);
  try {
    parse_orders(order(longest + "x"));
    FAIL("over-long text accepted");
  } catch (const ParseError& e) {
    CHECK(e.field == "text");
    CHECK(e.index == 0);
  }
  // Multi-byte characters count in bytes.
  std::string umlauts;
  for (int k = 0; k < rules::kMaxMessageBytes / 2; ++k) umlauts += "\xC3\xA4";
  CHECK_NOTHROW(parse_orders(order(umlauts)));
  CHECK_THROWS_AS(parse_orders(order(umlauts + "\xC3\xA4")), ParseError);
  // Invalid UTF-8: a lone continuation byte, an overlong, a surrogate.
  for (const char* bad : {"a\x80z", "\xC0\xAF", "\xED\xA0\x80"}) {
    const std::string text =
        cat(R"([{"type":"send_message","to":"B","text":")", bad, R"("}])");
    CHECK_THROWS_AS(parse_orders(text), ParseError);
  }
}

TEST_CASE("suggested_actions offers a message to at most five other players",
          "[diplomacy][messages][suggested]") {
  auto messages_to = [](const State& s) {
    std::set<std::string> to;
    for (const auto& o : suggested_actions(s, 0))
      if (const auto* m = std::get_if<SendMessage>(&o.action)) {
        CHECK(rule_of(s, 0, {o}) == "");
        to.insert(m->to);
      }
    return to;
  };
  State two = flat_state(2);
  CHECK(messages_to(two) == std::set<std::string>{"B"});
  // Eight players: five of the seven others, a different five next turn.
  State eight = flat_state(8, 16, 16);
  const auto first = messages_to(eight);
  CHECK(first.size() == 5);
  CHECK_FALSE(first.count("A"));
  ++eight.turn;
  CHECK(messages_to(eight) != first);
}
