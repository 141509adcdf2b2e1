// OpenSSL's EVP one-shot digest.
#include "game/hash.hpp"

#include <stdexcept>

#include <openssl/evp.h>

#include "game/json.hpp"

namespace fourex::game {

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) !=
      1)
    throw std::runtime_error("EVP_Digest(sha256) failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(static_cast<std::size_t>(len) * 2, '0');
  for (unsigned int i = 0; i < len; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
  return out;
}

std::string state_hash(const State& s) { return sha256_hex(to_json(s)); }

}  // namespace fourex::game
