#pragma once
//! The buckets of a host delta-stepping search (kernels/routing/serial_delta_stepping.hpp,
//! shared_delta_stepping.hpp): lists of vertex ids by key, in a ring. The width is delta rounded
//! down to a power of two, so a key's bucket is a shift, not a 64-bit division (a sixth of the
//! time on Rome). Every pending key lies less than max_weight + 2 widths beyond the bucket being
//! settled, so max_weight / width + 2 buckets never wrap onto a live one. Host memory only.

#include "kernels/routing/csr_graph.hpp"

#include <vector>

namespace karst::routing::detail {

class BucketRing {
 public:
  //! Beyond this many buckets in the ring, the searches that launch per bucket are used instead.
  static constexpr Weight kMaxBuckets = Weight(1) << 20;

  static int width_shift(Weight delta) {
    int shift = 0;
    while ((Weight(2) << shift) <= delta) ++shift;
    return shift;
  }
  static bool fits(const CsrGraph& g, Weight delta) {
    return delta > 0 && g.max_weight / (Weight(1) << width_shift(delta)) + 2 <= kMaxBuckets;
  }

  BucketRing(Weight max_weight, Weight delta) : width_shift_(width_shift(delta)) {
    size_t ring = 1;
    while (ring < static_cast<size_t>((max_weight >> width_shift_) + 2)) ring <<= 1;
    lists_.resize(ring);
    mask_ = static_cast<Weight>(ring - 1);
  }

  //! Buckets are 2^width_shift() wide (in distance).
  int width_shift() const { return width_shift_; }
  //! How many buckets the ring holds at once: the bucket being settled and those after it.
  Weight span() const { return mask_ + 1; }
  std::vector<VertexId>& operator[](Weight bucket) {
    return lists_[static_cast<size_t>(bucket & mask_)];
  }

  //! The first non-empty bucket from `bucket` on, or -1.
  Weight first_listed(Weight bucket) const {
    for (Weight b = bucket; b < bucket + span(); ++b)
      if (!lists_[static_cast<size_t>(b & mask_)].empty()) return b;
    return -1;
  }

  //! Empties every list, calling each(v) on every entry first.
  template <class Each>
  void clear(Each&& each) {
    for (auto& list : lists_) {
      for (const VertexId v : list) each(v);
      list.clear();
    }
  }

 private:
  std::vector<std::vector<VertexId>> lists_;
  int width_shift_ = 0;
  Weight mask_ = 0;
};

}  // namespace karst::routing::detail
