#pragma once
//! Deterministic noise for the built-in scenarios: every value is a pure function of its
//! coordinates and a seed (a splitmix64 hash), so any rank generates any rows of a synthetic image
//! and the inputs are identical for every decomposition and machine.

#include <cmath>
#include <cstdint>

namespace karst::apps::hash_noise {

//! splitmix64's finaliser: a bijective mix of 64 bits.
inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

//! Uniform in [0, 1) from three coordinates and a seed.
inline double hash01(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t seed) {
  return double(mix(mix(mix(seed ^ a) ^ b) ^ c) >> 11) * 0x1.0p-53;
}

//! Zero-mean noise of standard deviation `sd` (uniform, so bounded: sqrt(12) sd wide).
inline double noise(double sd, std::uint64_t a, std::uint64_t b, std::uint64_t c,
                    std::uint64_t seed) {
  return sd * std::sqrt(12.0) * (hash01(a, b, c, seed) - 0.5);
}

//! The lattice index of v, offset so that negative coordinates hash like positive ones.
inline std::uint64_t lattice(double v) {
  return static_cast<std::uint64_t>(static_cast<long long>(std::floor(v)) + (1LL << 40));
}

//! Smooth value noise in [0, 1]: lattice values bilinearly blended with a smoothstep.
inline double value_noise(double x, double y, std::uint64_t seed) {
  const double fx = std::floor(x), fy = std::floor(y);
  auto s = [](double t) { return t * t * (3 - 2 * t); };
  const double tx = s(x - fx), ty = s(y - fy);
  const auto ix = lattice(x), iy = lattice(y);
  const double a = hash01(ix, iy, 0, seed), b = hash01(ix + 1, iy, 0, seed);
  const double c = hash01(ix, iy + 1, 0, seed), d = hash01(ix + 1, iy + 1, 0, seed);
  return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
}

}  // namespace karst::apps::hash_noise
