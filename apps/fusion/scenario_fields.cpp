#include "apps/fusion/scenario_fields.hpp"

#include "apps/common/aligned_strips.hpp"
#include "apps/common/hash_noise.hpp"

#include "base/error.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/raster/multiband.hpp"

#include <fmt/format.h>

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace karst::fusion {

namespace {

constexpr int kBands = 4;    // blue, green, red, near infrared
constexpr int kCoarse = 16;  // 30 m -> 480 m "MODIS" blocks
constexpr int kMs = 4;       // 4:1 pan / multispectral
constexpr double kPixelM = 30.0;
// Days of year: the growing season in early July, a clear fine image one Landsat revisit (16
// days) before the prediction date and a cloudy one 16 days after. Dates 60 days apart were
// tried first: crops then change too much between the pairs for STARFM to beat the coarse image
// in the visible bands, a limitation the paper itself states.
constexpr long long kYearStart = 20454;  // 2026-01-01 in days since 1970-01-01
constexpr int kDay1 = 174, kDay0 = 190, kDay2 = 206;

using Spectrum = std::array<double, kBands>;
constexpr Spectrum kVeg{0.030, 0.080, 0.040, 0.420};
constexpr Spectrum kForestVeg{0.025, 0.050, 0.030, 0.330};
constexpr Spectrum kSoil{0.090, 0.120, 0.160, 0.240};
constexpr Spectrum kPaddy{0.050, 0.070, 0.060, 0.060};
constexpr Spectrum kRock{0.150, 0.180, 0.210, 0.270};
constexpr Spectrum kWater{0.040, 0.050, 0.030, 0.015};
constexpr Spectrum kVillage{0.110, 0.120, 0.130, 0.180};
constexpr Spectrum kCoarseBias{0.004, 0.003, 0.005, -0.006};  // "MODIS" vs "Landsat"
constexpr Spectrum kPanWeights{0.1, 0.4, 0.4, 0.1};

using apps::hash_noise::hash01;
using apps::hash_noise::noise;
using apps::hash_noise::value_noise;

double fbm(double x, double y, std::uint64_t seed) {
  double v = 0, amp = 0.5, norm = 0;
  for (int o = 0; o < 4; ++o) {
    v += amp * value_noise(x, y, seed + o);
    norm += amp;
    x *= 2.0, y *= 2.0, amp *= 0.5;
  }
  return v / norm;
}

double logistic(double t) {
  return 1.0 / (1.0 + std::exp(-t));
}

enum class Cover { rice, maize, tobacco, forest, rock, water, village };

struct Pixel {
  Cover cover;
  double onset_shift;  // days, per field
  double texture;      // static brightness texture
};

class Landscape {
 public:
  Landscape(long long n, unsigned seed) : n_(double(n)), seed_(seed) {}

  Pixel at(long long i, long long j) const {
    const double x = double(j), y = double(i);
    const double tex = noise(0.004, i, j, 17, seed_);
    // A meandering river across the scene.
    const double yc = n_ * 0.55 + 0.12 * n_ * std::sin(6.2831853 * x / (0.8 * n_)) +
                      40.0 * (fbm(x / 60.0, 0.5, seed_ + 5) - 0.5);
    if (std::fabs(y - yc) < 3.0 + 3.0 * fbm(x / 30.0, y / 30.0, seed_ + 6))
      return {Cover::water, 0, tex};
    // Villages: a few round patches on a 48-pixel lattice.
    const long long cx = j / 48, cy = i / 48;
    if (hash01(cx, cy, 3, seed_) < 0.05) {
      const double px = cx * 48 + 24, py = cy * 48 + 24;
      if ((x - px) * (x - px) + (y - py) * (y - py) < 36.0) return {Cover::village, 0, tex};
    }
    const double elev = fbm(x / 170.0, y / 170.0, seed_ + 1);
    if (elev > 0.60)
      return {fbm(x / 40.0, y / 40.0, seed_ + 2) > 0.5 ? Cover::forest : Cover::rock, 0, tex};
    if (elev > 0.50 && fbm(x / 50.0, y / 50.0, seed_ + 3) > 0.55) return {Cover::forest, 0, tex};
    // Terraces follow the contours; each terrace is cut into fields along its length.
    const auto terrace = static_cast<long long>(elev * 45.0);
    const double len = 18.0 + 20.0 * hash01(terrace, 0, 7, seed_);
    const auto segment = static_cast<long long>((x + 37.0 * double(terrace)) / len);
    const double h = hash01(terrace, segment, 8, seed_);
    const Cover crop = h < 0.45 ? Cover::rice : (h < 0.75 ? Cover::maize : Cover::tobacco);
    return {crop, 20.0 * (hash01(terrace, segment, 9, seed_) - 0.5), tex};
  }

  //! Surface reflectance of band b on day-of-year `day`.
  static double reflectance(const Pixel& p, int b, double day) {
    auto mixture = [&](const Spectrum& veg, const Spectrum& ground, double f) {
      return f * veg[b] + (1.0 - f) * ground[b] + p.texture;
    };
    auto season = [&](double on, double off, double fmax) {
      return 0.05 + (fmax - 0.05) * logistic((day - on - p.onset_shift) / 7.0) *
                        (1.0 - logistic((day - off - p.onset_shift) / 7.0));
    };
    switch (p.cover) {
      case Cover::rice: {
        const double f = season(165, 275, 0.85);
        // Flooded paddies before the canopy closes.
        return mixture(kVeg, day < 200 ? kPaddy : kSoil, f);
      }
      case Cover::maize:
        return mixture(kVeg, kSoil, season(150, 235, 0.80));
      case Cover::tobacco:
        return mixture(kVeg, kSoil, season(140, 215, 0.75));
      case Cover::forest:
        return mixture(kForestVeg, kSoil, 0.82 + 0.06 * std::sin((day - 100) / 58.0));
      case Cover::rock:
        return mixture(kVeg, kRock, 0.15 + 0.1 * logistic((day - 150) / 15.0));
      case Cover::water: {
        // Summer storms make the river turbid.
        const double turbid = 0.02 * logistic((day - 170) / 10.0);
        return kWater[b] + (b == 1 || b == 2 ? turbid : 0.0) + 0.3 * p.texture;
      }
      case Cover::village:
        return kVillage[b] + p.texture;
    }
    return 0.0;
  }

 private:
  double n_;
  unsigned seed_;
};

// Indices of the three dates in the truth: days kDay1, kDay0, kDay2. They also pick the noise.
enum Date { kT1 = 0, kT0 = 1, kT2 = 2 };
constexpr int kDays[3] = {kDay1, kDay0, kDay2};

// The sensor images in the order they are computed and written; the pan band comes apart.
constexpr std::array<const char*, 7> kImageNames = {
    "fine_t1", "coarse_t1", "fine_t2", "coarse_t2", "coarse_t0", "truth_t0", "ms_t0"};

// Surface reflectance at the three dates on the aligned rows [a, a + rows) of an n-column scene.
class TruthRows {
 public:
  TruthRows(const Landscape& land, long long a, long long rows, long long n)
      : a_(a), rows_(rows), n_(n), v_(3, std::vector<double>(size_t(kBands * rows * n))) {
    Kokkos::parallel_for(
        "fusion::scenario_truth", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, rows),
        [&](const long long ii) {
          const long long i = a + ii;
          for (long long j = 0; j < n; ++j) {
            const Pixel p = land.at(i, j);
            for (int d = 0; d < 3; ++d)
              for (int band = 0; band < kBands; ++band)
                v_[d][index(band, i, j)] = std::max(0.0, Landscape::reflectance(p, band, kDays[d]));
          }
        });
  }
  double at(int d, int band, long long i, long long j) const { return v_[d][index(band, i, j)]; }
  // The mean over the k x k block holding (i, j): what a sensor of k times coarser pixels sees.
  double block_mean(int d, int band, long long i, long long j, int k) const {
    const long long bi = i / k * k, bj = j / k * k;
    double sum = 0;
    for (long long y = bi; y < bi + k; ++y)
      for (long long x = bj; x < bj + k; ++x) sum += v_[d][index(band, y, x)];
    return sum / double(k * k);
  }

 private:
  size_t index(int band, long long i, long long j) const {
    return size_t((band * rows_ + (i - a_)) * n_ + j);
  }
  long long a_, rows_, n_;
  std::vector<std::vector<double>> v_;  // [date], band-major
};

struct Cloud {
  double y, x, r;
};

bool cloudy_at(const std::vector<Cloud>& clouds, const FieldsSettings& s, long long i,
               long long j) {
  bool cloudy = false;
  for (const auto& c : clouds)
    cloudy |= s.clouds && (i - c.y) * (i - c.y) + (j - c.x) * (j - c.x) < c.r * c.r;
  return cloudy;
}

// "MODIS": the truth over a coarse block, biased, with noise per coarse pixel.
double coarse_at(const TruthRows& t, int d, int band, long long i, long long j, unsigned seed) {
  const long long ci = i / kCoarse, cj = j / kCoarse;
  return t.block_mean(d, band, i, j, kCoarse) + kCoarseBias[band] +
         noise(0.003, ci, cj, 100 + 10 * d + band, seed);
}

// "Landsat": the truth with noise per fine pixel.
double fine_at(const TruthRows& t, int d, int band, long long i, long long j, unsigned seed) {
  return t.at(d, band, i, j) + noise(0.002, i, j, 200 + 10 * d + band, seed);
}

// What every sensor sees on the owned rows [r0, r1): the images of kImageNames, band-major, and
// the pan band (the weighted truth at t0, with noise).
struct SensorRows {
  std::vector<std::vector<double>> images;
  std::vector<double> pan;
};

SensorRows sense_rows(const TruthRows& truth, const FieldsSettings& s,
                      const std::vector<Cloud>& clouds, long long r0, long long r1, long long n) {
  const long long own = r1 - r0;
  SensorRows out{std::vector<std::vector<double>>(kImageNames.size(),
                                                  std::vector<double>(size_t(kBands * own * n))),
                 std::vector<double>(size_t(own * n))};
  Kokkos::parallel_for("fusion::scenario_sensors",
                       Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, own),
                       [&](const long long ii) {
                         const long long i = r0 + ii;
                         for (long long j = 0; j < n; ++j) {
                           const bool cloudy = cloudy_at(clouds, s, i, j);
                           double p = 0;
                           for (int band = 0; band < kBands; ++band) {
                             const auto o = size_t((band * own + (i - r0)) * n + j);
                             auto& im = out.images;
                             im[0][o] = fine_at(truth, kT1, band, i, j, s.seed);
                             im[1][o] = coarse_at(truth, kT1, band, i, j, s.seed);
                             im[2][o] = cloudy ? NAN : fine_at(truth, kT2, band, i, j, s.seed);
                             im[3][o] = coarse_at(truth, kT2, band, i, j, s.seed);
                             im[4][o] = coarse_at(truth, kT0, band, i, j, s.seed);
                             im[5][o] = truth.at(kT0, band, i, j);
                             im[6][o] = truth.block_mean(kT0, band, i, j, kMs);
                             p += kPanWeights[band] * truth.at(kT0, band, i, j);
                           }
                           out.pan[size_t((i - r0) * n + j)] = p + noise(0.001, i, j, 300, s.seed);
                         }
                       });
  return out;
}

// The 4-band images: int16 like Landsat surface reflectance, georeferenced in Guizhou.
io::MultibandInfo scene_info(long long n) {
  io::MultibandInfo info;
  info.bands = kBands;
  info.rows = info.cols = n;
  info.type = io::SampleType::int16;
  info.scale = 1e-4;  // Landsat surface reflectance convention
  info.has_nodata = true;
  info.nodata = -9999;
  info.georef = {500000.0, 2950000.0, kPixelM, kPixelM, "EPSG:32648"};  // UTM 48N, Guizhou
  info.band_names = {"blue", "green", "red", "nir"};
  return info;
}

// Collective: every image of the scene into `path`, a strip of rows at a time.
void write_scene(const std::string& path, const FieldsSettings& s, const mpi::Comm& comm,
                 bool progress) {
  const long long n = s.size;
  const Landscape land(n, s.seed);
  const std::vector<Cloud> clouds = {{0.3 * n, 0.7 * n, 0.08 * n}, {0.75 * n, 0.2 * n, 0.04 * n}};
  const io::MultibandInfo info = scene_info(n);
  io::MultibandInfo pan_info = info;
  pan_info.bands = 1;
  pan_info.band_names = {"pan"};

  auto file = io::H5File::create(path, comm);
  std::vector<std::unique_ptr<io::MultibandWriter>> writers;
  for (const char* name : kImageNames)
    writers.push_back(std::make_unique<io::MultibandWriter>(file, name, info));
  io::MultibandWriter pan_writer(file, "pan_t0", pan_info);

  // Rows in strips aligned to the coarse blocks, so block means need nothing from elsewhere.
  const apps::AlignedStrips strips(n, 16 * kCoarse, kCoarse, comm);
  for (long long st = 0; st < strips.count(); ++st) {
    const auto rows = strips.at(st);
    const TruthRows truth(land, rows.a, rows.count(), n);
    const SensorRows sensed = sense_rows(truth, s, clouds, rows.r0, rows.r1, n);
    for (size_t w = 0; w < writers.size(); ++w)
      writers[w]->write_rows(rows.r0, rows.r1 - rows.r0, sensed.images[w].data());
    pan_writer.write_rows(rows.r0, rows.r1 - rows.r0, sensed.pan.data());
    if (progress && comm.is_root())
      std::cerr << fmt::format("fusion: scenario strip {}/{} written\r", st + 1, strips.count());
  }
  if (progress && comm.is_root()) std::cerr << "\n";
  writers.clear();
  file.commit();
}

}  // namespace

void fields_method_defaults(FusionJob& job) {
  job.resolution_ratio = 1.0 / kCoarse;
  job.brovey_weights.assign(kPanWeights.begin(), kPanWeights.end());
  job.pan_ratio = 1.0 / kMs;
  job.hpf_radius = kMs;
}

void generate_guizhou_fields(const FieldsSettings& s, const std::string& dir, const mpi::Comm& comm,
                             bool progress, FusionJob& job) {
  if (s.size < kCoarse || s.size % kCoarse != 0)
    throw Error("fusion.size", fmt::format("the scene needs a multiple of {} pixels per side, "
                                           "got {}",
                                           kCoarse, s.size));
  const std::string path = dir + "/inputs.h5";
  write_scene(path, s, comm, progress);

  const std::string f = path + ":";
  job.pairs = {{f + "fine_t1", f + "coarse_t1", kYearStart + kDay1 - 1},
               {f + "fine_t2", f + "coarse_t2", kYearStart + kDay2 - 1}};
  job.coarse0 = f + "coarse_t0";
  job.day0 = kYearStart + kDay0 - 1;
  job.truth = f + "truth_t0";
  job.pan = f + "pan_t0";
  job.ms = f + "ms_t0";
  job.pan_truth = f + "truth_t0";
}

}  // namespace karst::fusion
