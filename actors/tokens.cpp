#include "actors/tokens.hpp"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "game/hash.hpp"

namespace fourex::actors {
namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  return out;
}

std::string random_hex(std::size_t bytes) {
  unsigned char buf[64];
  if (RAND_bytes(buf, static_cast<int>(bytes)) != 1)
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  return hex(buf, bytes);
}

}  // namespace

std::string new_token() { return random_hex(32); }

std::string new_game_id() { return random_hex(16); }

std::string new_node_id() { return random_hex(8); }

std::string hash_token(const std::string& token) {
  return game::sha256_hex(token);
}

std::string hmac_sha256_hex(const std::string& key,
                            const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       digest, &length);
  return hex(digest, length);
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fourex::actors
