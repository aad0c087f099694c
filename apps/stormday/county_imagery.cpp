#include "apps/stormday/county_imagery.hpp"

#include "apps/common/aligned_strips.hpp"
#include "apps/common/hash_noise.hpp"
#include "apps/geography/guizhou_karst.hpp"
#include "apps/stormday/river_channel.hpp"
#include "base/error.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/raster/multiband.hpp"

#include <fmt/format.h>

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <memory>
#include <vector>

namespace karst::stormday {

namespace terrain = geography;

namespace {

constexpr int kBands = 4;  // blue, green, red, near infrared

// Spectra (surface reflectance). Crop canopy and soil mix with the green fraction f; forest has
// its own darker canopy; limestone is bright and almost bare; roofs and roads are grey and dark.
constexpr Spectrum kCropCanopy{0.040, 0.100, 0.050, 0.420};
constexpr Spectrum kSoil{0.090, 0.120, 0.160, 0.240};
constexpr Spectrum kForestCanopy{0.020, 0.045, 0.025, 0.350};
constexpr Spectrum kLimestone{0.200, 0.230, 0.260, 0.310};
constexpr Spectrum kTown{0.090, 0.100, 0.110, 0.150};
constexpr Spectrum kWater{0.040, 0.050, 0.030, 0.015};
constexpr Spectrum kCoarseBias{0.004, 0.003, 0.005, -0.006};  // "MODIS" vs "Landsat"
constexpr double kForestCover = 0.90;                         // canopy fraction
constexpr double kKarstGreen = 0.05;                          // scrub in the rock's cracks
// Crops: green fraction from kCropLow to kCropLow + kCropRise along a logistic of kCropDays
// days, each field turning green on its own day around the storm day.
constexpr double kOnsetFirst = -20.0, kOnsetLast = 12.0;
constexpr double kCropLow = 0.10, kCropRise = 0.70, kCropDays = 8.0;

// Terrain rules (m, m/m). docs/stormday-landcover.md gives the resulting shares.
constexpr double kChannelHalfWidth = 25.0;  // the flood scenario's channel
constexpr double kFieldsBand = 700.0;       // the flood scenario's terraced-field zone
constexpr double kKarstHeight = 100.0;      // above the river: only high ground is bare
constexpr double kKarstRelief = 35.0;       // above the 300 m ring: a cone top
constexpr double kKarstSlope = 0.5;         // or a slope too steep to hold soil
constexpr double kFieldHeight = 80.0;       // gentle lower slopes are terraced too
constexpr double kFieldSlope = 0.3;
constexpr double kRing = 300.0;  // m: radius of the ring that cone tops stand above
constexpr double kStep = 15.0;   // m: finite-difference step for the slope

using apps::hash_noise::hash01;
using apps::hash_noise::noise;
using apps::hash_noise::value_noise;

double logistic(double t) {
  return 1.0 / (1.0 + std::exp(-t));
}

Spectrum mixture(const Spectrum& a, const Spectrum& b, double fa) {
  Spectrum s;
  for (int k = 0; k < kBands; ++k) s[size_t(k)] = fa * a[size_t(k)] + (1 - fa) * b[size_t(k)];
  return s;
}

//! A point of the county: its cover and, for fields, its height above the river (terraces).
struct Site {
  Cover cover;
  double height;  // m above the river bed at the same x
};

Site site_at(double x, double y, double dx) {
  const double ry = terrain::river_y(x), d = std::fabs(y - ry);
  // The channel, and every cell its centre line crosses: the cells the flood stage burns into the
  // bed (river_channel.hpp), so at any grid size the two stages see the same river.
  if (d < kChannelHalfWidth || river_line_crosses_cell(x, y, dx)) return {Cover::water, 0.0};
  // The town: exactly where the flood scenario puts its street roughness.
  if (terrain::manning(x, y) < 0.02) return {Cover::built_up, 0.0};
  const double z = terrain::elevation(x, y);
  const double h = z - terrain::elevation(x, ry);
  const double gx = (terrain::elevation(x + kStep, y) - terrain::elevation(x - kStep, y)) / kStep;
  const double gy = (terrain::elevation(x, y + kStep) - terrain::elevation(x, y - kStep)) / kStep;
  const double slope = 0.5 * std::hypot(gx, gy);
  if (h > kKarstHeight) {
    const double ring =
        0.25 * (terrain::elevation(x + kRing, y) + terrain::elevation(x - kRing, y) +
                terrain::elevation(x, y + kRing) + terrain::elevation(x, y - kRing));
    if (z - ring > kKarstRelief || slope > kKarstSlope) return {Cover::bare_karst, h};
  }
  if (d < kFieldsBand || (h < kFieldHeight && slope < kFieldSlope)) return {Cover::cropland, h};
  return {Cover::forest, h};
}

//! One pixel's surface: what reflectance() needs on any date.
struct Pixel {
  Cover cover;
  double onset;  // days from the storm day when the field is half green (crops)
  double gain;   // smooth brightness variation (soil colour, canopy density, roof material)
  double tex;    // per-pixel texture, all bands
};

class Land {
 public:
  Land(const CountyGrid& g, const ImagerySettings& s) : g_(g), s_(s) {}

  Pixel at(long long i, long long j) const {
    const double x = cell_x(g_, j), y = cell_y(g_, i);
    const Site site = site_at(x, y, g_.dx);
    const std::uint64_t seed = s_.seed;
    Pixel p{site.cover, 0.0, 0.9 + 0.2 * value_noise(x / 250.0, y / 250.0, seed + 1),
            noise(0.004, std::uint64_t(i), std::uint64_t(j), 17, seed)};
    if (site.cover == Cover::cropland) {
      // Fields lie along the terraces (5 m steps of height) and are cut along their length.
      const auto terrace = static_cast<long long>(std::floor(site.height / 5.0));
      const double len = 80.0 + 80.0 * hash01(std::uint64_t(terrace + 1000), 0, 7, seed);
      const auto field = static_cast<long long>(std::floor((x + 37.0 * double(terrace)) / len));
      const double u = hash01(std::uint64_t(terrace + 1000), std::uint64_t(field + 1000), 8, seed);
      p.onset = kOnsetFirst + u * (kOnsetLast - kOnsetFirst);
    }
    return p;
  }

  //! Reflectance on `t` days from the storm day (0: the storm day).
  static Spectrum reflectance(const Pixel& p, double t) {
    Spectrum r{};
    switch (p.cover) {
      case Cover::water: {
        // The rain of the days before makes the river a little turbid.
        const double turbid = 0.01 * logistic((t + 3.0) / 2.0);
        r = kWater;
        r[1] += turbid, r[2] += turbid;
        for (auto& v : r) v += 0.3 * p.tex;
        return r;
      }
      case Cover::bare_karst:
        r = mixture(kCropCanopy, kLimestone, kKarstGreen);
        break;
      case Cover::built_up:
        r = kTown;
        break;
      case Cover::forest:
        r = mixture(kForestCanopy, kSoil, kForestCover + 0.02 * logistic(t / 8.0));
        break;
      case Cover::cropland:
        r = mixture(kCropCanopy, kSoil, kCropLow + kCropRise * logistic((t - p.onset) / kCropDays));
        break;
    }
    for (auto& v : r) v = std::max(0.0, v * p.gain + p.tex);
    return r;
  }

 private:
  CountyGrid g_;
  ImagerySettings s_;
};

// The datasets of imagery.h5, in the order sensor_images() returns them.
const char* const kImageNames[] = {"fine_d1", "coarse_d1", "coarse_d0", "truth_d0"};

io::MultibandInfo imagery_info(const CountyGrid& g) {
  io::MultibandInfo info;
  info.bands = kBands;
  info.rows = g.ny;
  info.cols = g.nx;
  info.type = io::SampleType::int16;
  info.scale = 1e-4;  // Landsat surface reflectance convention
  info.has_nodata = true;
  info.nodata = -9999;
  info.georef = {g.x0, g.y0, g.dx, g.dx, kCountyCrs};
  info.band_names = {"blue", "green", "red", "nir"};
  return info;
}

//! The true reflectance of rows [a, a + rows) on the two dates, band-major.
struct TruthStrip {
  long long a = 0, rows = 0, nx = 0;
  std::vector<double> on[2];  // d1, d0
  size_t idx(int band, long long i, long long j) const {
    return size_t((band * rows + (i - a)) * nx + j);
  }
};

TruthStrip true_reflectance(const Land& land, long long a, long long rows, long long nx,
                            const double (&days)[2]) {
  TruthStrip truth{a, rows, nx, {}};
  for (auto& d : truth.on) d.resize(size_t(kBands * rows * nx));
  Kokkos::parallel_for("stormday::imagery_truth",
                       Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, rows),
                       [&](const long long ii) {
                         const long long i = a + ii;
                         for (long long j = 0; j < nx; ++j) {
                           const Pixel p = land.at(i, j);
                           for (int d = 0; d < 2; ++d) {
                             const Spectrum r = Land::reflectance(p, days[d]);
                             for (int band = 0; band < kBands; ++band)
                               truth.on[d][truth.idx(band, i, j)] = r[size_t(band)];
                           }
                         }
                       });
  // The caller reads it at once, and a host space may run the loop asynchronously.
  Kokkos::DefaultHostExecutionSpace().fence();
  return truth;
}

//! What the sensors saw of rows [r0, r1), in kImageNames order, band-major: the fine image on d1
//! with its noise, the coarse images on d1 and d0 (block means of `k` x `k` cells with the coarse
//! sensor's bias and noise), and the true fine image on d0.
std::array<std::vector<double>, 4> sensor_images(const TruthStrip& truth, long long r0,
                                                 long long r1, int k, unsigned seed) {
  const long long own = r1 - r0, nx = truth.nx;
  std::array<std::vector<double>, 4> img;
  for (auto& v : img) v.resize(size_t(kBands * own * nx));
  Kokkos::parallel_for(
      "stormday::imagery_sensors", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, own),
      [&](const long long ii) {
        const long long i = r0 + ii, ci = i / k;
        for (long long j = 0; j < nx; ++j) {
          const long long cj = j / k;
          for (int band = 0; band < kBands; ++band) {
            const size_t o = size_t((band * own + ii) * nx + j);
            for (int d = 0; d < 2; ++d) {
              double sum = 0;
              for (long long y = ci * k; y < ci * k + k; ++y)
                for (long long x = cj * k; x < cj * k + k; ++x)
                  sum += truth.on[d][truth.idx(band, y, x)];
              const double coarse = sum / double(k * k) + kCoarseBias[size_t(band)] +
                                    noise(0.003, std::uint64_t(ci), std::uint64_t(cj),
                                          std::uint64_t(100 + 10 * d + band), seed);
              img[size_t(d == 0 ? 1 : 2)][o] = coarse;
            }
            img[0][o] =
                truth.on[0][truth.idx(band, i, j)] +
                noise(0.002, std::uint64_t(i), std::uint64_t(j), std::uint64_t(200 + band), seed);
            img[3][o] = truth.on[1][truth.idx(band, i, j)];
          }
        }
      });
  Kokkos::DefaultHostExecutionSpace().fence();  // as in true_reflectance()
  return img;
}

}  // namespace

const char* cover_name(Cover c) {
  switch (c) {
    case Cover::water:
      return "water";
    case Cover::bare_karst:
      return "bare_karst";
    case Cover::built_up:
      return "built_up";
    case Cover::forest:
      return "forest";
    case Cover::cropland:
      return "cropland";
  }
  return "?";
}

Cover true_cover(double x, double y, double dx) {
  return site_at(x, y, dx).cover;
}

Spectrum nominal_spectrum(Cover c) {
  // Crops half way through their green-up on the storm day; no texture, unit gain.
  return Land::reflectance(Pixel{c, 0.0, 1.0, 0.0}, 0.0);
}

int coarse_ratio(const CountyGrid& g) {
  for (int k : {16, 8, 4, 2})
    if (g.ny % k == 0 && g.nx % k == 0) return k;
  return 1;
}

CountyImagery generate_county_imagery(const CountyGrid& g, const ImagerySettings& s,
                                      const std::string& dir, const mpi::Comm& comm,
                                      bool progress) {
  if (g.ny < 1 || g.nx < 1 || !(g.dx > 0))
    throw Error("stormday.county",
                fmt::format("a grid of {} x {} cells of {} m has no imagery", g.ny, g.nx, g.dx));
  if (s.days_before < 1) throw Error("stormday.landcover.days_before", "must be at least 1");
  CountyImagery out;
  out.path = dir + "/imagery.h5";
  out.coarse_ratio = coarse_ratio(g);
  out.day0 = kStormDay;
  out.day1 = kStormDay - s.days_before;
  const int k = out.coarse_ratio;
  const Land land(g, s);

  auto file = io::H5File::create(out.path, comm);
  const io::MultibandInfo info = imagery_info(g);
  std::vector<std::unique_ptr<io::MultibandWriter>> writers;
  for (const auto& name : kImageNames)
    writers.push_back(std::make_unique<io::MultibandWriter>(file, name, info));

  // Rows in strips aligned to the coarse blocks, so block means need nothing from elsewhere.
  const apps::AlignedStrips strips(g.ny, 16LL * k, k, comm);
  const double days[2] = {-double(s.days_before), 0.0};  // d1, d0 from the storm day
  for (long long st = 0; st < strips.count(); ++st) {
    const auto rows = strips.at(st);
    const TruthStrip truth = true_reflectance(land, rows.a, rows.count(), g.nx, days);
    const auto img = sensor_images(truth, rows.r0, rows.r1, k, s.seed);
    for (size_t w = 0; w < writers.size(); ++w)
      writers[w]->write_rows(rows.r0, rows.r1 - rows.r0, img[w].data());
    if (progress && comm.is_root())
      std::cerr << fmt::format("stormday: imagery strip {}/{} written\r", st + 1, strips.count());
  }
  if (progress && comm.is_root()) std::cerr << "\n";
  writers.clear();
  file.commit();

  const std::string f = out.path + ":";
  out.fine_d1 = f + "fine_d1";
  out.coarse_d1 = f + "coarse_d1";
  out.coarse_d0 = f + "coarse_d0";
  out.truth_d0 = f + "truth_d0";
  return out;
}

}  // namespace karst::stormday
