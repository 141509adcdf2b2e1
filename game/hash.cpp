// OpenSSL's EVP one-shot digest.
#include "game/hash.hpp"

#include <stdexcept>

#include <openssl/evp.h>

#include "game/json.hpp"

namespace fourex::game {
namespace {

// SHA-256 fetched from OpenSSL's provider once. EVP_sha256() makes every
// digest look the algorithm up again (OpenSSL 3's implicit fetch, under a
// lock shared by all threads): 3x the cost of hashing a bearer token, which
// every agent request does.
const EVP_MD* sha256() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!fetched) throw std::runtime_error("EVP_MD_fetch(SHA256) failed");
    return fetched;
  }();
  return md;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, sha256(), nullptr) != 1)
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
