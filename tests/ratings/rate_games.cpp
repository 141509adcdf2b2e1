// The test driver of cross_check.mjs: reads games as JSON on stdin
// ({"games":[[["name",score],...],...]}), rates them in order with
// results::RatingTable, and prints each game's new ratings as JSON:
// [[{"name","mu","sigma","ordinal"},...],...] in seat order.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include <rapidjson/document.h>

#include "results/rating.hpp"

int main() {
  std::string input((std::istreambuf_iterator<char>(std::cin)),
                    std::istreambuf_iterator<char>());
  rapidjson::Document doc;
  doc.Parse(input.c_str(), input.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("games")) {
    std::cerr << "rate_games: expected {\"games\":[...]}\n";
    return 2;
  }
  fourex::results::RatingTable table;
  std::printf("[");
  bool first_game = true;
  for (const auto& game : doc["games"].GetArray()) {
    std::vector<std::pair<std::string, int>> seats;
    for (const auto& seat : game.GetArray())
      seats.emplace_back(seat[0].GetString(), seat[1].GetInt());
    table.add_game(seats);
    std::printf("%s[", first_game ? "" : ",");
    first_game = false;
    for (std::size_t i = 0; i < seats.size(); ++i) {
      const auto& r = table.standings().at(seats[i].first).rating;
      std::printf(
          "%s{\"name\":\"%s\",\"mu\":%.17g,\"sigma\":%.17g,"
          "\"ordinal\":%.17g}",
          i ? "," : "", seats[i].first.c_str(), r.mu, r.sigma, r.ordinal());
    }
    std::printf("]");
  }
  std::printf("]\n");
  return 0;
}
