#include "apps/flood/quicklook.hpp"

#include "apps/flood/flood_maps.hpp"
#include "apps/flood/flood_outputs.hpp"
#include "apps/flood/root_stream.hpp"
#include "io/raster/geotiff_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace karst::flood {

namespace {

constexpr float kNone = -std::numeric_limits<float>::infinity();

// The reduced grid on rank 0: per pixel the max depth and the max bed elevation over its cells
// (-inf: no cell with data). Maxima, not means, so any decomposition gives the same picture.
struct ReducedGrid {
  int rows = 0, cols = 0;
  std::vector<float> depth, bed;
};

// This rank's pixels: the window of the reduced grid its block touches, 2 floats per pixel.
std::vector<float> local_pixels(const FloodModel& m, const QuicklookLayout& L, Window& w) {
  const auto& d = m.decomposition();
  const long long f = L.cells_per_pixel;
  w = {d.i0 / f, d.j0 / f, int((d.i0 + d.ny - 1) / f - d.i0 / f + 1),
       int((d.j0 + d.nx - 1) / f - d.j0 / f + 1)};
  std::vector<float> v(size_t(w.rows) * w.cols * 2, kNone);
  const auto depth = owned_host(m, m.maps().max_depth), bed = owned_host(m, m.bed());
  const auto nodata = owned_nodata(m);
  for (int i = 0; i < d.ny; ++i)
    for (int j = 0; j < d.nx; ++j) {
      if (nodata[size_t(i) * d.nx + j]) continue;
      const size_t p = size_t((d.i0 + i) / f - w.row0) * w.cols + size_t((d.j0 + j) / f - w.col0);
      v[2 * p] = std::max(v[2 * p], float(depth(i, j)));
      v[2 * p + 1] = std::max(v[2 * p + 1], float(bed(i, j)));
    }
  return v;
}

// Collective: the reduced grid, complete on rank 0 (empty elsewhere).
ReducedGrid gather_pixels(const FloodModel& m, const QuicklookLayout& L) {
  Window mine;
  const auto values = local_pixels(m, L, mine);
  ReducedGrid g;
  const auto& comm = m.decomposition().cart;
  if (comm.is_root()) {
    g.rows = L.grid_rows;
    g.cols = L.grid_cols;
    g.depth.assign(size_t(g.rows) * g.cols, kNone);
    g.bed.assign(g.depth.size(), kNone);
  }
  stream_to_root(comm, mine, values, [&](const Window& w, const std::vector<float>& v) {
    for (int r = 0; r < w.rows; ++r)
      for (int c = 0; c < w.cols; ++c) {
        const size_t p = size_t(w.row0 + r) * g.cols + size_t(w.col0 + c);
        const size_t q = size_t(r) * w.cols + c;
        g.depth[p] = std::max(g.depth[p], v[2 * q]);
        g.bed[p] = std::max(g.bed[p], v[2 * q + 1]);
      }
  });
  return g;
}

// Lambertian shading of the reduced terrain, lit from the north-west 45 degrees up, in [0, 1];
// slopes doubled, as cartographers exaggerate relief, so gentle floodplains still show.
std::vector<float> hillshade(const ReducedGrid& g, double spacing) {
  std::vector<float> shade(g.bed.size(), 1.0f);
  auto z = [&](int r, int c, float fallback) {
    r = std::clamp(r, 0, g.rows - 1);
    c = std::clamp(c, 0, g.cols - 1);
    const float v = g.bed[size_t(r) * g.cols + c];
    return v == kNone ? fallback : v;
  };
  const double lx = -0.5, ly = 0.5, lz = std::sqrt(0.5);  // towards the sun: west, north, up
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const float here = g.bed[size_t(r) * g.cols + c];
      if (here == kNone) continue;
      const double dzdx = (z(r, c + 1, here) - z(r, c - 1, here)) / spacing;
      const double dzdy = (z(r - 1, c, here) - z(r + 1, c, here)) / spacing;  // northward
      const double n = std::sqrt(dzdx * dzdx + dzdy * dzdy + 1.0);
      shade[size_t(r) * g.cols + c] = float(std::max(0.0, (-dzdx * lx - dzdy * ly + lz) / n));
    }
  return shade;
}

// The smallest of 1, 2, 5 x 10^n at or above v: the top of the depth scale.
double nice_ceiling(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-9)) return m * p;
  return 10 * p;
}

Rgb mix(Rgb a, Rgb b, double t) {
  auto ch = [t](int x, int y) { return std::uint8_t(std::lround(x + (y - x) * t)); };
  return {ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b)};
}

Rgb scaled(Rgb a, double s) {
  auto ch = [s](int x) { return std::uint8_t(std::clamp(std::lround(x * s), 0L, 255L)); };
  return {ch(a.r), ch(a.g), ch(a.b)};
}

// Light to dark blue as t goes from 0 to 1 (ColorBrewer's "Blues", 4 stops).
Rgb depth_colour(double t) {
  static const Rgb stops[4] = {{189, 215, 238}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}};
  t = std::clamp(t, 0.0, 1.0) * 3;
  const int k = std::min(int(t), 2);
  return mix(stops[k], stops[k + 1], t - k);
}

// Square root scale: shallow sheets on the floodplain stay visible beside a deep channel.
double depth_position(double depth, double top) {
  return std::sqrt(std::max(depth, 0.0) / top);
}

const Rgb kNoData{250, 250, 250}, kBlack{0, 0, 0}, kWhite{255, 255, 255};

}  // namespace

namespace {

// Dry cells: grey from the hillshade and the height; wet cells: the depth ramp, lightly shaded.
void draw_map(Picture& pic, const ReducedGrid& g, const QuicklookLayout& L, double spacing,
              double wet_depth, double top) {
  const auto shade = hillshade(g, spacing);
  float zmin = std::numeric_limits<float>::max(), zmax = -zmin;
  for (float z : g.bed)
    if (z != kNone) zmin = std::min(zmin, z), zmax = std::max(zmax, z);
  const double zrange = zmax > zmin ? double(zmax) - zmin : 1.0;
  const int k = L.pixels_per_cell;
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const size_t p = size_t(r) * g.cols + c;
      Rgb colour = kNoData;
      if (g.bed[p] != kNone) {
        const double s = shade[p], h = (g.bed[p] - zmin) / zrange;
        if (g.depth[p] >= wet_depth)
          colour = scaled(depth_colour(depth_position(g.depth[p], top)), 0.8 + 0.25 * s);
        else {
          const auto grey = std::uint8_t(std::clamp(70 + 120 * s + 60 * h, 0.0, 255.0));
          colour = {grey, grey, grey};
        }
      }
      pic.fill_rect(c * k, r * k, k, k, colour);
    }
}

// The highest warning level each gauge reached (-1: none).
int highest_level(const GaugeState& g) {
  int level = -1;
  for (int l = 0; l < 4; ++l)
    if (g.first_reached[l] >= 0) level = l;
  return level;
}

constexpr double kMarkerRadius = 6.0;

void marker(Picture& pic, int x, int y, int level) {
  pic.disc(x, y, kMarkerRadius + 1.5, kBlack);
  pic.disc(x, y, kMarkerRadius, warning_colour(level));
}

void draw_gauges(Picture& pic, const std::vector<GaugeState>& gauges, const QuicklookLayout& L) {
  for (const auto& g : gauges) {
    const int x = L.pixel_x(g.gj), y = L.pixel_y(g.gi);
    const int tx = x + 10, ty = y - Picture::text_height(1) / 2;
    // The name goes left of the marker where it would run off the map.
    const int w = Picture::text_width(g.spec.name, 1);
    pic.text_with_halo(tx + w < L.map_width ? tx : x - 10 - w, ty, g.spec.name, 1, kBlack, kWhite);
  }
  // Markers after all names: a name never hides another gauge's colour.
  for (const auto& g : gauges) marker(pic, L.pixel_x(g.gj), L.pixel_y(g.gi), highest_level(g));
}

std::string depth_label(double v) {
  return fmt::format("{:g}", v);
}

void draw_legend(Picture& pic, const QuicklookLayout& L, double wet_depth, double top) {
  const int x0 = L.map_width, s = 2;
  pic.fill_rect(x0, 0, L.width - x0, L.height, kWhite);
  pic.text(x0 + 10, 10, "max depth (m)", s, kBlack);
  const int bar_x = x0 + 14, bar_y = 36, bar_w = 22, bar_h = 160;
  for (int y = 0; y < bar_h; ++y)
    pic.fill_rect(bar_x, bar_y + y, bar_w, 1, depth_colour(1.0 - (y + 0.5) / bar_h));
  // Ticks at the top, the middle (a quarter of the top, on the square-root scale) and the bottom.
  const std::pair<double, int> ticks[3] = {
      {top, bar_y}, {top / 4, bar_y + bar_h / 2}, {wet_depth, bar_y + bar_h - 1}};
  for (const auto& [value, y] : ticks) {
    pic.fill_rect(bar_x + bar_w, y, 5, 1, kBlack);
    pic.text(bar_x + bar_w + 9, y - Picture::text_height(s) / 2, depth_label(value), s, kBlack);
  }
  pic.text(x0 + 10, bar_y + bar_h + 12, "grey: dry", s, kBlack);
  const int gy = bar_y + bar_h + 44;
  pic.text(x0 + 10, gy, "gauge warning", s, kBlack);
  const char* names[5] = {"none", "blue", "yellow", "orange", "red"};
  for (int l = -1; l < 4; ++l) {
    const int y = gy + 34 + (l + 1) * 22;
    marker(pic, x0 + 24, y, l);
    pic.text(x0 + 42, y - Picture::text_height(s) / 2, names[l + 1], s, kBlack);
  }
}

}  // namespace

QuicklookLayout QuicklookLayout::of(long long ny, long long nx) {
  QuicklookLayout L;
  const long long longest = std::max(ny, nx);
  L.cells_per_pixel = (longest + kMaxMapPixels - 1) / kMaxMapPixels;
  L.pixels_per_cell = L.cells_per_pixel > 1 ? 1 : int(std::max(1LL, kMinMapPixels / longest));
  L.grid_rows = int((ny + L.cells_per_pixel - 1) / L.cells_per_pixel);
  L.grid_cols = int((nx + L.cells_per_pixel - 1) / L.cells_per_pixel);
  L.map_width = L.grid_cols * L.pixels_per_cell;
  L.map_height = L.grid_rows * L.pixels_per_cell;
  L.width = L.map_width + kLegendWidth;
  L.height = std::max(L.map_height, kLegendHeight);
  return L;
}

int QuicklookLayout::pixel_x(long long j) const {
  return int(std::floor((j + 0.5) * pixels_per_cell / double(cells_per_pixel)));
}
int QuicklookLayout::pixel_y(long long i) const {
  return int(std::floor((i + 0.5) * pixels_per_cell / double(cells_per_pixel)));
}

Rgb warning_colour(int level) {
  static const Rgb colours[5] = {
      {255, 255, 255}, {0, 90, 255}, {255, 221, 0}, {255, 140, 0}, {220, 20, 20}};
  return colours[std::clamp(level, -1, 3) + 1];
}

void write_quicklook(const FloodModel& m, const std::string& path) {
  const auto& s = m.setup();
  const auto L = QuicklookLayout::of(s.ny, s.nx);
  const auto grid = gather_pixels(m, L);
  const auto gauges = m.gauges();
  on_root(m.decomposition().cart, [&] {
    float deepest = 0.0f;
    for (float d : grid.depth) deepest = std::max(deepest, d);
    const double wet = s.arrival_depth;
    const double top = deepest > wet ? nice_ceiling(deepest) : 1.0;
    Picture pic(L.width, L.height, kWhite);
    draw_map(pic, grid, L, s.dx * double(L.cells_per_pixel), wet, top);
    draw_gauges(pic, gauges, L);
    draw_legend(pic, L, wet, top);
    io::write_png_rgb(path, pic.width(), pic.height(), pic.rgb());
  });
}

}  // namespace karst::flood
