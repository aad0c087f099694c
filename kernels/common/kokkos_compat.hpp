#pragma once
//! The one place where Kokkos 3.4.01 (Debian's Trilinos source) and Kokkos 4.x differ for Karst.
//! Kernels call karst::math::* and karst::compat::*, never the versioned Kokkos names directly.

#include <Kokkos_Core.hpp>

#include <string>

#if !defined(KOKKOS_VERSION) || KOKKOS_VERSION < 30400
#error "Karst needs Kokkos 3.4 or newer"
#endif

namespace karst::math {

#if KOKKOS_VERSION >= 40000
namespace kmath = ::Kokkos;
#else
// 3.4 keeps the portable math functions in Kokkos::Experimental.
namespace kmath = ::Kokkos::Experimental;
#endif

KOKKOS_INLINE_FUNCTION double sqrt(double x) {
  return kmath::sqrt(x);
}
KOKKOS_INLINE_FUNCTION float sqrt(float x) {
  return kmath::sqrt(x);
}
KOKKOS_INLINE_FUNCTION double fabs(double x) {
  return kmath::fabs(x);
}
KOKKOS_INLINE_FUNCTION float fabs(float x) {
  return kmath::fabs(x);
}
KOKKOS_INLINE_FUNCTION double floor(double x) {
  return kmath::floor(x);
}
KOKKOS_INLINE_FUNCTION double pow(double x, double y) {
  return kmath::pow(x, y);
}
KOKKOS_INLINE_FUNCTION double exp(double x) {
  return kmath::exp(x);
}
KOKKOS_INLINE_FUNCTION double log(double x) {
  return kmath::log(x);
}
KOKKOS_INLINE_FUNCTION double acos(double x) {
  return kmath::acos(x);
}
KOKKOS_INLINE_FUNCTION double cbrt(double x) {
  return kmath::cbrt(x);
}
KOKKOS_INLINE_FUNCTION double fma(double x, double y, double z) {
  return x * y + z;
}
KOKKOS_INLINE_FUNCTION bool isfinite(double x) {
  return kmath::isfinite(x);
}
//! Kokkos 3.4 has no quiet_NaN trait; the builtin works on the host, nan() on CUDA devices.
KOKKOS_INLINE_FUNCTION double quiet_nan() {
#if defined(__CUDA_ARCH__)
  return ::nan("");
#else
  return __builtin_nan("");
#endif
}

// Kokkos::min/max only reached the Kokkos namespace in 4.0; these are trivially portable.
template <class T>
KOKKOS_INLINE_FUNCTION constexpr T min(T a, T b) {
  return b < a ? b : a;
}
template <class T>
KOKKOS_INLINE_FUNCTION constexpr T max(T a, T b) {
  return a < b ? b : a;
}

}  // namespace karst::math

namespace karst::compat {

//! Kokkos::Profiling::ScopedRegion appeared after 3.4; push/pop exist in both.
class ScopedRegion {
 public:
  explicit ScopedRegion(const std::string& name) { Kokkos::Profiling::pushRegion(name); }
  ~ScopedRegion() { Kokkos::Profiling::popRegion(); }
  ScopedRegion(const ScopedRegion&) = delete;
  ScopedRegion& operator=(const ScopedRegion&) = delete;
};

//! Concurrency became a non-static member in 4.x; an instance call works in both.
template <class ExecSpace = Kokkos::DefaultExecutionSpace>
int concurrency() {
  return ExecSpace().concurrency();
}

inline std::string kokkos_version_string() {
  const int v = KOKKOS_VERSION;
  return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." +
         (v % 100 < 10 ? "0" : "") + std::to_string(v % 100);
}

}  // namespace karst::compat
