#pragma once
// Analytical solutions of the shallow-water equations used as known answers.
#include <cmath>

namespace karst::test {

constexpr double kG = 9.81;

//! Ritter (1892): dam of depth h0 at x = 0 breaking onto a dry, flat, frictionless bed.
inline double ritter_depth(double x, double t, double h0) {
  const double c0 = std::sqrt(kG * h0);
  if (x <= -c0 * t) return h0;
  if (x >= 2 * c0 * t) return 0.0;
  const double c = (2 * c0 - x / t) / 3.0;
  return c * c / kG;
}

//! Stoker (1957): dam break onto still water of depth hR < hL. Returns the middle depth.
inline double stoker_middle_depth(double hL, double hR) {
  const double cL = std::sqrt(kG * hL);
  auto f = [&](double hm) {
    return 2 * (cL - std::sqrt(kG * hm)) - (hm - hR) * std::sqrt(0.5 * kG * (hm + hR) / (hm * hR));
  };
  double lo = hR, hi = hL;  // f(lo) > 0 > f(hi)
  for (int k = 0; k < 200; ++k) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) > 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

inline double stoker_depth(double x, double t, double hL, double hR) {
  const double cL = std::sqrt(kG * hL);
  const double hm = stoker_middle_depth(hL, hR), cm = std::sqrt(kG * hm);
  const double um = 2 * (cL - cm);
  const double shock = hm * um / (hm - hR);
  if (x <= -cL * t) return hL;
  if (x < (um - cm) * t) {
    const double c = (2 * cL - x / t) / 3.0;
    return c * c / kG;
  }
  if (x < shock * t) return hm;
  return hR;
}

//! Thacker (1981) planar surface oscillating in a paraboloid z = -h0 (1 - r^2/a^2), centred at
//! (xc, yc); eta is the amplitude parameter. Returns the depth (zero where dry).
struct Thacker {
  double a = 1.0, h0 = 0.1, eta = 0.5, xc = 2.0, yc = 2.0;
  double omega() const { return std::sqrt(2 * kG * h0) / a; }
  double bed(double x, double y) const {
    const double r2 = (x - xc) * (x - xc) + (y - yc) * (y - yc);
    return -h0 * (1 - r2 / (a * a));
  }
  double depth(double x, double y, double t) const {
    const double w = omega();
    const double surface = eta * h0 / (a * a) *
                           (2 * (x - xc) * std::cos(w * t) + 2 * (y - yc) * std::sin(w * t) - eta);
    return std::max(0.0, surface - bed(x, y));
  }
};

}  // namespace karst::test
