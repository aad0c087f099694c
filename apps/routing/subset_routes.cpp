#include "apps/routing/subset_routes.hpp"

namespace karst::routing {

namespace {

constexpr Weight kInfeasible = -1;

size_t lowest_bit_index(size_t mask) {
  size_t k = 0;
  while (!(mask >> k & 1)) ++k;
  return k;
}

}  // namespace

void SubsetRoutes::solve(const std::vector<int>& farms) {
  farms_ = farms;
  const size_t k = farms.size(), subsets = size_t(1) << k;
  suffix_.assign(subsets * k, kInfeasible);
  next_.assign(subsets * k, -1);
  best_.assign(subsets, kInfeasible);
  first_.assign(subsets, -1);
  load_.assign(subsets, 0.0);
  best_[0] = 0;
  // Increasing masks: every subset comes after the subsets it is built from.
  for (size_t mask = 1; mask < subsets; ++mask) {
    const size_t low = lowest_bit_index(mask);
    load_[mask] = load_[mask ^ (size_t(1) << low)] + p_.tonnes[farms[low]];
    if (!fits_truck(load_[mask], p_.truck_capacity_t)) continue;
    for (size_t f = 0; f < k; ++f) {
      if (!(mask >> f & 1)) continue;
      const size_t node = farms[f] + 1, rest = mask ^ (size_t(1) << f);
      Weight after = kInfeasible;
      int next = -1;
      if (rest == 0) {
        if (p_.travel(node, 0) < kUnreachable) after = p_.travel(node, 0);
      } else {
        for (size_t g = 0; g < k; ++g) {
          const Weight tail = (rest >> g & 1) ? suffix_[rest * k + g] : kInfeasible;
          const Weight leg = p_.travel(node, farms[g] + 1);
          if (tail == kInfeasible || leg >= kUnreachable) continue;
          if (after == kInfeasible || leg + tail < after) after = leg + tail, next = int(g);
        }
      }
      if (after == kInfeasible || after + p_.service_s > p_.time_limit_s[farms[f]]) continue;
      const Weight suffix = after + p_.service_s, out = p_.travel(0, node);
      suffix_[mask * k + f] = suffix;
      next_[mask * k + f] = next;
      if (out < kUnreachable && (best_[mask] == kInfeasible || out + suffix < best_[mask]))
        best_[mask] = out + suffix, first_[mask] = int(f);
    }
  }
}

void SubsetRoutes::order(size_t mask, std::vector<int>& out) const {
  out.clear();
  const size_t k = farms_.size();
  for (int f = mask ? first_[mask] : -1; f >= 0;) {
    out.push_back(farms_[f]);
    const int next = next_[mask * k + f];
    mask ^= size_t(1) << f;
    f = next;
  }
}

}  // namespace karst::routing
