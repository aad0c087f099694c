#include "apps/fusion/scene_sigma.hpp"

#include "apps/fusion/image_rows.hpp"
#include "base/error.hpp"
#include "kernels/fusion/band_statistics.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace karst::fusion {

namespace {

// This rank's rows of `fine`, row-major: (row, band, {count, sum, sum2}).
std::vector<double> local_row_sums(const io::MultibandReader& fine, const mpi::BlockRange& own,
                                   long long tile_rows, bench::Profile& profile) {
  const auto& in = fine.info();
  std::vector<double> mine;
  for (long long a = own.first; a < own.last; a += tile_rows) {
    const long long b = std::min(own.last, a + tile_rows);
    Image img;
    {
      auto s = profile.region("fusion::read");
      img = load_rows(fine, a, b, "fusion::stat_rows");
    }
    auto s = profile.kernel("fusion::row_sums", kRowSumsCost, double(in.bands * (b - a) * in.cols));
    const auto sums = row_sums(img, 0, b - a);
    for (long long i = 0; i < b - a; ++i)
      for (long long band = 0; band < in.bands; ++band)
        for (int m = 0; m < 3; ++m) mine.push_back(sums(band, i, m));
  }
  return mine;
}

// Every rank's row sums, in global row order -> sigma of each band.
std::vector<double> band_sigma(const std::vector<double>& all, const io::MultibandInfo& in) {
  std::vector<BandMoments> moments(size_t(in.bands));
  for (size_t n = 0; n < all.size(); n += 3) {
    auto& m = moments[(n / 3) % size_t(in.bands)];
    m.count += all[n], m.sum += all[n + 1], m.sum2 += all[n + 2];
  }
  std::vector<double> sigma;
  for (size_t band = 0; band < moments.size(); ++band) {
    if (moments[band].count <= 0)
      throw Error(in.source, fmt::format("band {} has no valid pixel", band + 1));
    sigma.push_back(moments[band].sigma());
  }
  return sigma;
}

}  // namespace

std::vector<std::vector<double>> scene_sigma(const FusionInputs& inputs, const mpi::BlockRange& own,
                                             long long tile_rows, const mpi::Comm& comm,
                                             bench::Profile& profile) {
  std::vector<std::vector<double>> sigma;
  for (const auto& fine : inputs.fine) {
    const auto all = comm.allgatherv(local_row_sums(*fine, own, tile_rows, profile));
    sigma.push_back(band_sigma(all, fine->info()));
  }
  return sigma;
}

}  // namespace karst::fusion
