#pragma once
//! Scene statistics for STARFM's similar-pixel slice: count, sum and sum of squares of the valid
//! values of every (band, row). Each row is summed by one thread in column order and the caller
//! adds rows in global row order, so sigma is bitwise the same for any number of threads or MPI
//! ranks, and so is every prediction that depends on it.

#include "kernels/common/kernel_cost.hpp"
#include "kernels/fusion/image.hpp"

#include <cmath>
#include <vector>

namespace karst::fusion {

//! Per valid value: add, multiply-add (3 FLOPs); the value is read once.
inline constexpr KernelCost kRowSumsCost{3.0, sizeof(double)};

//! (bands, rows, 3): count, sum, sum of squares for rows [row_begin, row_end) of `img`.
using RowSums = Kokkos::View<double** [3], Kokkos::LayoutRight, HostSpace>;

inline RowSums row_sums(const Image& img, long long row_begin, long long row_end) {
  const long long bands = img.extent(0), rows = row_end - row_begin, cols = img.extent(2);
  Kokkos::View<double** [3], Kokkos::LayoutRight, MemSpace> sums("fusion::row_sums", bands,
                                                                 rows > 0 ? rows : 0);
  if (rows > 0 && bands > 0)
    Kokkos::parallel_for(
        "fusion::row_sums", Policy1D(0, bands * rows), KOKKOS_LAMBDA(const long long n) {
          const long long b = n / rows, i = row_begin + n % rows;
          double count = 0.0, sum = 0.0, sum2 = 0.0;
          for (long long j = 0; j < cols; ++j) {
            const double v = img(b, i, j);
            if (!is_valid(v)) continue;
            count += 1.0;
            sum += v;
            sum2 += v * v;
          }
          sums(b, n % rows, 0) = count;
          sums(b, n % rows, 1) = sum;
          sums(b, n % rows, 2) = sum2;
        });
  RowSums host("fusion::row_sums_host", bands, rows > 0 ? rows : 0);
  Kokkos::deep_copy(host, sums);
  return host;
}

struct BandMoments {
  double count = 0.0, sum = 0.0, sum2 = 0.0;
  double mean() const { return count > 0 ? sum / count : 0.0; }
  //! Population standard deviation, as the official STARFM computes it.
  double sigma() const {
    if (count <= 0) return 0.0;
    const double m = mean();
    const double var = sum2 / count - m * m;
    return var > 0 ? std::sqrt(var) : 0.0;
  }
};

}  // namespace karst::fusion
