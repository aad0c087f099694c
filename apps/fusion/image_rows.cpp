#include "apps/fusion/image_rows.hpp"

#include <string>
#include <utility>

namespace karst::fusion {

namespace {

using HostImage = Kokkos::View<double***, Kokkos::LayoutRight, HostSpace,
                               Kokkos::MemoryTraits<Kokkos::Unmanaged>>;

}  // namespace

fusion::Image load_rows(const io::MultibandReader& r, long long lo, long long hi,
                        const char* label) {
  const auto& in = r.info();
  std::vector<double> buf(size_t(in.bands * (hi - lo) * in.cols));
  if (hi > lo) r.read_rows(lo, hi - lo, buf.data());
  const size_t nb = size_t(in.bands), nr = size_t(hi - lo), nc = size_t(in.cols);
  fusion::Image img(std::string(label), nb, nr, nc);
  Kokkos::deep_copy(img, HostImage(buf.data(), nb, nr, nc));
  return img;
}

std::vector<double> rows_to_host(const fusion::Image& img, long long a, long long b) {
  const size_t bands = img.extent(0), rows = size_t(b - a), cols = img.extent(2);
  fusion::Image part("fusion::out_rows", bands, rows, cols);
  Kokkos::deep_copy(
      part, Kokkos::subview(img, Kokkos::ALL, std::make_pair(size_t(a), size_t(b)), Kokkos::ALL));
  std::vector<double> buf(bands * rows * cols);
  Kokkos::deep_copy(HostImage(buf.data(), bands, rows, cols), part);
  return buf;
}

}  // namespace karst::fusion
