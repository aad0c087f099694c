#include "apps/fusion/reflectance_check.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace karst::fusion {

void ReflectanceCounts::add(const double* v, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(v[i])) continue;
    valid += 1;
    outside += (v[i] < kReflectanceMin || v[i] > kReflectanceMax) ? 1 : 0;
    largest = std::max(largest, std::fabs(v[i]));
  }
}

std::string implausible_reflectance(const ReflectanceCounts& c, const io::MultibandInfo& info,
                                    const std::string& key) {
  if (c.valid <= 0) return "";  // nothing to judge; an all-missing image fails elsewhere
  const std::string how = fmt::format("scale {}, offset {}{}", info.scale, info.offset,
                                      info.has_scale ? "" : " (none stated)");
  if (c.outside > kMaxOutsideFraction * c.valid)
    return fmt::format(
        "not reflectance: {:.1f}% of its values lie outside [{}, {}] after "
        "scaling ({}, largest {}); DN? give its scale with key '{}.scale' (e.g. "
        "0.0001) or a scale in the file",
        100.0 * c.outside / c.valid, kReflectanceMin, kReflectanceMax, how, c.largest, key);
  if (c.largest < kMinLargest)
    return fmt::format(
        "not reflectance: no value reaches {} after scaling ({}, largest {}); "
        "scaled twice? check key '{}.scale' against the file's own scale",
        kMinLargest, how, c.largest, key);
  return "";
}

void check_reflectance(const std::vector<NamedImage>& images, const mpi::BlockRange& own,
                       long long tile_rows, const mpi::Comm& comm, bench::Profile& profile) {
  auto reg = profile.region("fusion::check_reflectance");
  std::vector<double> sums, largest;
  for (const auto& im : images) {
    const auto& in = im.reader->info();
    ReflectanceCounts c;
    std::vector<double> buf;
    for (long long a = own.first; a < own.last; a += tile_rows) {
      const long long n = std::min(own.last, a + tile_rows) - a;
      buf.resize(size_t(in.bands * n * in.cols));
      im.reader->read_rows(a, n, buf.data());
      c.add(buf.data(), buf.size());
    }
    sums.push_back(c.valid);
    sums.push_back(c.outside);
    largest.push_back(c.largest);
  }
  comm.allreduce_sum(sums);
  for (size_t k = 0; k < images.size(); ++k) {
    ReflectanceCounts c;
    c.valid = sums[2 * k];
    c.outside = sums[2 * k + 1];
    c.largest = comm.allreduce_max(largest[k]);
    const auto why = implausible_reflectance(c, images[k].reader->info(), images[k].key);
    if (!why.empty()) throw Error(images[k].reader->info().source, why);
  }
}

}  // namespace karst::fusion
