// Bearer tokens: random, stored only as SHA-256 hashes, compared in
// constant time.
#pragma once

#include <string>

namespace fourex::actors {

// 32 random bytes (256 bits) as URL-safe hex.
std::string new_token();
// Hex SHA-256 of the token: what the database and the game actor keep.
std::string hash_token(const std::string& token);
// Hex HMAC-SHA256 of `message` under `key`: the peers' request signature,
// and a Swiss tournament's seat tokens derived from its organizer token.
std::string hmac_sha256_hex(const std::string& key, const std::string& message);
bool constant_time_equal(const std::string& a, const std::string& b);
// 16 random bytes as hex, for generated game ids.
std::string new_game_id();
// 8 random bytes as hex: a cluster node's incarnation (a new one per join).
std::string new_node_id();

}  // namespace fourex::actors
