#include "apps/fusion/fusion_quicklook.hpp"

#include "apps/common/picture.hpp"
#include "apps/fusion/root_output.hpp"
#include "io/raster/geotiff_writer.hpp"
#include "io/raster/multiband.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace karst::fusion {

namespace {

using apps::Picture;
using apps::Rgb;

constexpr long long kRowsPerRead = 256;
const Rgb kBackground{255, 255, 255}, kNoData{200, 200, 200}, kText{0, 0, 0};

// Mean of the values that fall in each reduced pixel, per channel; NaN where none did.
struct Reduced {
  int rows = 0, cols = 0, channels = 0;
  std::vector<double> sum;
  std::vector<int> count;
  Reduced(int r, int c, int ch)
      : rows(r), cols(c), channels(ch), sum(size_t(r) * c * ch, 0.0), count(sum.size(), 0) {}
  void add(int ch, int i, int j, double v) {
    if (std::isnan(v)) return;
    const size_t k = (size_t(ch) * rows + i) * cols + j;
    sum[k] += v;
    ++count[k];
  }
  double at(int ch, int i, int j) const {
    const size_t k = (size_t(ch) * rows + i) * cols + j;
    return count[k] ? sum[k] / count[k] : NAN;
  }
};

long long band_named(const io::MultibandInfo& info, const std::string& name) {
  for (size_t b = 0; b < info.band_names.size(); ++b) {
    std::string n = info.band_names[b];
    for (auto& c : n) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (n == name) return static_cast<long long>(b);
  }
  return -1;
}

// One strip of prediction (and truth) into the reduced channels: 0-2 prediction, 3-5 truth,
// 6 the mean absolute error over all bands.
void reduce_strip(const std::vector<double>& pred, const std::vector<double>& truth, long long r0,
                  long long n, const io::MultibandInfo& info, const Display& d,
                  const QuicklookPanels& L, Reduced& out) {
  const size_t plane = size_t(n * info.cols);
  for (long long r = 0; r < n; ++r)
    for (long long c = 0; c < info.cols; ++c) {
      const int i = int((r0 + r) / L.cells_per_pixel), j = int(c / L.cells_per_pixel);
      const size_t k = size_t(r * info.cols + c);
      for (int ch = 0; ch < 3; ++ch) {
        out.add(ch, i, j, pred[size_t(d.bands[ch]) * plane + k]);
        if (!truth.empty()) out.add(3 + ch, i, j, truth[size_t(d.bands[ch]) * plane + k]);
      }
      if (truth.empty()) continue;
      for (long long b = 0; b < info.bands; ++b)
        out.add(6, i, j, std::fabs(pred[size_t(b) * plane + k] - truth[size_t(b) * plane + k]));
    }
}

Reduced reduce(const io::MultibandReader& pred, const io::MultibandReader* truth, const Display& d,
               const QuicklookPanels& L) {
  const auto& info = pred.info();
  Reduced out(L.grid_rows, L.grid_cols, 7);
  std::vector<double> p, t;
  for (long long r0 = 0; r0 < info.rows; r0 += kRowsPerRead) {
    const long long n = std::min(kRowsPerRead, info.rows - r0);
    p.resize(size_t(info.bands * n * info.cols));
    pred.read_rows(r0, n, p.data());
    if (truth) {
      t.resize(p.size());
      truth->read_rows(r0, n, t.data());
    }
    reduce_strip(p, t, r0, n, info, d, L, out);
  }
  return out;
}

// The q-quantile of a channel's reduced values (NaN when it has none).
double quantile(const Reduced& r, int ch, double q) {
  std::vector<double> v;
  for (int i = 0; i < r.rows; ++i)
    for (int j = 0; j < r.cols; ++j)
      if (const double x = r.at(ch, i, j); !std::isnan(x)) v.push_back(x);
  if (v.empty()) return NAN;
  const size_t k = std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + long(k), v.end());
  return v[k];
}

std::uint8_t byte_of(double t) {
  return std::uint8_t(std::lround(255.0 * std::clamp(t, 0.0, 1.0)));
}

void fill_cell(Picture& pic, const QuicklookPanels& L, int panel, int i, int j, Rgb c) {
  pic.fill_rect(L.panel_x(panel) + j * L.pixels_per_cell, L.panel_y() + i * L.pixels_per_cell,
                L.pixels_per_cell, L.pixels_per_cell, c);
}

// Channels first..first+2 as a colour panel, each stretched over [lo, hi] of channels
// stretch..stretch+2 (the truth's 2nd to 98th percentile, so both colour panels share it).
void draw_colour(Picture& pic, const QuicklookPanels& L, int panel, const Reduced& r, int first,
                 int stretch) {
  double lo[3], hi[3];
  for (int c = 0; c < 3; ++c) {
    lo[c] = quantile(r, stretch + c, 0.02);
    hi[c] = std::max(quantile(r, stretch + c, 0.98), lo[c] + 1e-12);
  }
  for (int i = 0; i < r.rows; ++i)
    for (int j = 0; j < r.cols; ++j) {
      double v[3];
      for (int c = 0; c < 3; ++c) v[c] = r.at(first + c, i, j);
      const bool missing = std::isnan(v[0]) || std::isnan(v[1]) || std::isnan(v[2]);
      const auto s = [&](int c) { return byte_of((v[c] - lo[c]) / (hi[c] - lo[c])); };
      fill_cell(pic, L, panel, i, j, missing ? kNoData : Rgb{s(0), s(1), s(2)});
    }
}

// The error on a "hot" ramp from 0 to its 98th percentile; returns that top.
double draw_error(Picture& pic, const QuicklookPanels& L, int panel, const Reduced& r) {
  const double top = std::max(quantile(r, 6, 0.98), 1e-12);
  for (int i = 0; i < r.rows; ++i)
    for (int j = 0; j < r.cols; ++j) {
      const double t = r.at(6, i, j) / top;
      fill_cell(
          pic, L, panel, i, j,
          std::isnan(t) ? kNoData : Rgb{byte_of(3 * t), byte_of(3 * t - 1), byte_of(3 * t - 2)});
    }
  return top;
}

std::string draw_and_write(const FusionInputs& inputs, const std::string& h5_path,
                           const std::string& png_path) {
  const auto pred = io::open_multiband_hdf5(h5_path, "starfm");
  const auto& info = pred->info();
  const io::MultibandReader* truth = inputs.truth.get();
  const Display d = choose_display(inputs.fine.front()->info());
  const auto L = QuicklookPanels::of(info.rows, info.cols, truth ? 3 : 1);
  const Reduced r = reduce(*pred, truth, d, L);
  Picture pic(L.width, L.height, kBackground);
  draw_colour(pic, L, 0, r, 0, truth ? 3 : 0);
  pic.text(L.panel_x(0), QuicklookPanels::kGap, "starfm " + d.name, 1, kText);
  if (truth) {
    draw_colour(pic, L, 1, r, 3, 3);
    pic.text(L.panel_x(1), QuicklookPanels::kGap, "truth", 1, kText);
    const double top = draw_error(pic, L, 2, r);
    pic.text(L.panel_x(2), QuicklookPanels::kGap, fmt::format("abs error, 0 to {:.3g}", top), 1,
             kText);
  }
  io::write_png_rgb(png_path, L.width, L.height, pic.rgb());
  return "";
}

}  // namespace

QuicklookPanels QuicklookPanels::of(long long rows, long long cols, int panels) {
  QuicklookPanels L;
  const long long longest = std::max(rows, cols);
  L.cells_per_pixel = (longest + kMaxPanelPixels - 1) / kMaxPanelPixels;
  L.pixels_per_cell = L.cells_per_pixel == 1 ? int(std::max(1LL, kMinPanelPixels / longest)) : 1;
  L.grid_rows = int((rows + L.cells_per_pixel - 1) / L.cells_per_pixel);
  L.grid_cols = int((cols + L.cells_per_pixel - 1) / L.cells_per_pixel);
  L.panel_width = L.grid_cols * L.pixels_per_cell;
  L.panel_height = L.grid_rows * L.pixels_per_cell;
  L.panels = panels;
  L.width = panels * L.panel_width + (panels + 1) * kGap;
  L.height = kGap + kTitle + L.panel_height + kGap;
  return L;
}

Display choose_display(const io::MultibandInfo& info) {
  const long long red = band_named(info, "red"), green = band_named(info, "green"),
                  blue = band_named(info, "blue"), nir = band_named(info, "nir");
  if (red >= 0 && green >= 0 && blue >= 0) return {{red, green, blue}, "true colour"};
  if (nir >= 0 && red >= 0 && green >= 0)
    return {{nir, red, green}, "false colour (nir red green)"};
  if (info.bands >= 3) return {{2, 1, 0}, "bands 3 2 1 as rgb"};
  return {{0, 0, 0}, "band 1 grey"};
}

std::string write_fusion_quicklook(const FusionJob& job, const FusionInputs& inputs,
                                   const std::string& h5_path, const std::string& png_path,
                                   const mpi::Comm& comm) {
  if (!job.starfm_enabled || inputs.fine.empty()) return "";
  if (!io::gdal_available() || !io::gdal_has_driver("PNG"))
    return "quicklook.png skipped: this Karst was built without GDAL's PNG driver "
           "(apt-get install libgdal-dev and rebuild)";
  return on_root(comm, [&] { return draw_and_write(inputs, h5_path, png_path); });
}

}  // namespace karst::fusion
