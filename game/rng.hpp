// The game's own PRNG: xoshiro256** seeded through splitmix64, so a stream
// depends only on (game seed, turn, purpose) and never on the platform.
#pragma once

#include <cstdint>

namespace fourex::game {

inline std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A stateless mix of several words, for map generation noise.
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b = 0,
                         std::uint64_t c = 0, std::uint64_t d = 0) {
  std::uint64_t s = a;
  std::uint64_t h = splitmix64(s);
  s ^= b * 0xD1B54A32D192ED03ull;
  h ^= splitmix64(s);
  s ^= c * 0xABC98388FB8FAC03ull;
  h ^= splitmix64(s);
  s ^= d * 0x8CB92BA72F3D8DD7ull;
  h ^= splitmix64(s);
  return h;
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& w : s_) w = splitmix64(seed);
  }
  Rng(std::uint64_t seed, std::uint64_t stream)
      : Rng(mix(seed, stream, 0x4655524558ull)) {}

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) for n >= 1 (rejection sampling, no modulo bias).
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t v;
    do v = next();
    while (v >= limit);
    return v % n;
  }

  // Uniform in [lo, hi].
  int range(int lo, int hi) {
    return lo +
           static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t s_[4]{};
};

}  // namespace fourex::game
