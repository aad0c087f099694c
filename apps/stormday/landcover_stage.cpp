#include "apps/stormday/landcover_stage.hpp"

#include "apps/common/run_directory.hpp"
#include "apps/fusion/fusion_pipeline.hpp"
#include "apps/fusion/image_rows.hpp"
#include "apps/stormday/county_imagery.hpp"
#include "base/error.hpp"
#include "base/mpi/block_range.hpp"
#include "bench/phase_clock.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/hdf5/json_h5.hpp"
#include "io/raster/multiband.hpp"
#include "kernels/fusion/land_cover.hpp"

#include <fmt/format.h>

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

namespace karst::stormday {

namespace {

//! The land-cover planes of an image, on the host.
fusion::ImageHost classify_image(const fusion::Image& img, const fusion::LandCoverTable& table) {
  fusion::Image out("stormday::land_cover", size_t(fusion::kLandCoverPlanes), img.extent(1),
                    img.extent(2));
  fusion::land_cover(img, fusion::SpectralBands{}, table, out);
  return Kokkos::create_mirror_view_and_copy(HostSpace(), out);
}

bool in_rule(const fusion::LandCoverRule& r, double ndvi, double brightness) {
  return ndvi >= r.ndvi_min && ndvi <= r.ndvi_max && brightness >= r.brightness_min &&
         brightness <= r.brightness_max;
}

void check_shape(const io::MultibandReader& r, const CountyGrid& g) {
  const auto& i = r.info();
  if (i.bands != 4 || i.rows != g.ny || i.cols != g.nx)
    throw Error(i.source, fmt::format("{} band(s) x {} x {}, but the county needs 4 x {} x {}",
                                      i.bands, i.rows, i.cols, g.ny, g.nx));
}

// Callers other than parse_landcover_config (tests, other drivers) fill the struct themselves.
void check_landcover_config(const LandcoverConfig& config) {
  validate(config.classes);
  if (config.starfm_window < 3 || config.starfm_window % 2 == 0)
    throw Error("stormday.landcover.starfm_window", "must be odd and at least 3");
}

// Step 1: what the satellites saw.
CountyImagery county_imagery(const County& county, const LandcoverConfig& config,
                             const std::string& stage_dir, const mpi::Comm& comm,
                             bench::Profile& profile, bool progress) {
  ImagerySettings is;
  is.seed = config.seed >= 0 ? unsigned(config.seed) : county.seed;
  is.days_before = config.days_before;
  auto r = profile.region("stormday::landcover_imagery");
  return generate_county_imagery(county.grid, is, stage_dir, comm, progress);
}

// Step 2: today's fine image: STARFM with the last clear pair, the fusion workload's pipeline.
void fuse_todays_image(const CountyImagery& im, const LandcoverConfig& config,
                       const mpi::Comm& comm, bench::Profile& profile, bool progress,
                       LandcoverResult& res) {
  fusion::FusionJob job;
  job.pairs = {{im.fine_d1, im.coarse_d1, im.day1}};
  job.coarse0 = im.coarse_d0;
  job.day0 = im.day0;
  job.truth = im.truth_d0;
  job.starfm.radius = config.starfm_window / 2;
  job.kernel = config.kernel;
  job.resolution_ratio = 1.0 / im.coarse_ratio;
  job.tile_rows = config.tile_rows;
  job.brovey_enabled = job.hpf_enabled = false;
  const auto fr = fusion::run_fusion_job(job, comm, res.fusion_path, profile, progress);
  res.starfm = fr.starfm;
  res.baseline = fr.baseline;
  res.starfm_counts = fr.counts;
  res.starfm_seconds = fr.starfm_seconds;
}

// The class table as the kernel takes it, and where each true cover sits in it.
struct Scoring {
  fusion::LandCoverTable table;
  int nclass = 0;
  std::array<int, kCoverCount>
      cover_row{};    // true covers as table rows (-1: no class of that name)
  size_t n_conf = 0;  // confusion counts: kCoverCount x nclass
};

Scoring scoring_of(const ClassTable& classes) {
  Scoring sc;
  sc.table = classes.kernel_table();
  sc.nclass = sc.table.count;
  for (int c = 0; c < kCoverCount; ++c)
    sc.cover_row[size_t(c)] = classes.index_of(cover_name(Cover(c)));
  sc.n_conf = size_t(kCoverCount * sc.nclass);
  return sc;
}

// The fused image and the three it is scored beside: today's coarse one, the last clear fine one
// and today's truth.
struct StageImages {
  std::unique_ptr<io::MultibandReader> fused, coarse, last_clear, truth;
};

StageImages open_stage_images(const std::string& fusion_path, const CountyImagery& im,
                              const CountyGrid& g) {
  StageImages in{io::open_multiband(fusion_path + ":starfm"), io::open_multiband(im.coarse_d0),
                 io::open_multiband(im.fine_d1), io::open_multiband(im.truth_d0)};
  for (const auto* r : {in.fused.get(), in.coarse.get(), in.last_clear.get(), in.truth.get()})
    check_shape(*r, g);
  return in;
}

// This rank's rows of the maps, and the counts its scores are made of.
struct RowMaps {
  std::vector<double> ndvi, bright, land_class, manning, infil, truth_class;
  // Counts: confusion [cover][row], then correct cells of the coarse, last-clear and truth-image
  // classifications, then fallback cells. Integers in doubles: exact, any rank count.
  std::vector<double> tally;
  // Per owned row: NDVI squared error and count, fused and coarse; summed in global row order.
  std::vector<double> row_err;
  double kernel_s = 0.0;  // the land-cover kernel on the fused image, this rank
};

// One strip of rows [s, e) of every image, on the device.
struct Strip {
  long long s = 0, e = 0;
  fusion::Image fused, coarse, last_clear, truth;
};

Strip load_strip(const StageImages& in, long long s, long long e, bench::Profile& profile) {
  Strip st{s, e, {}, {}, {}, {}};
  auto r = profile.region("stormday::landcover_read");
  st.fused = fusion::load_rows(*in.fused, s, e, "stormday::fused");
  st.coarse = fusion::load_rows(*in.coarse, s, e, "stormday::coarse_d0");
  st.last_clear = fusion::load_rows(*in.last_clear, s, e, "stormday::fine_d1");
  st.truth = fusion::load_rows(*in.truth, s, e, "stormday::truth_d0");
  return st;
}

// The stage's own kernel: NDVI, class and maps of the fused strip, timed alone.
fusion::ImageHost land_cover_of(const Strip& st, long long nx, const fusion::LandCoverTable& table,
                                RowMaps& m, bench::Profile& profile) {
  const long long rows = st.e - st.s;
  Kokkos::fence();
  const auto t0 = bench::Clock::now();
  fusion::Image out("stormday::land_cover", size_t(fusion::kLandCoverPlanes), size_t(rows),
                    size_t(nx));
  fusion::land_cover(st.fused, fusion::SpectralBands{}, table, out);
  Kokkos::fence();
  const double dt = bench::seconds_since(t0);
  m.kernel_s += dt;
  profile.add("stormday::land_cover", dt, fusion::kLandCoverCost, double(rows * nx));
  return Kokkos::create_mirror_view_and_copy(HostSpace(), out);
}

// The true cover of every cell of rows [s, e), row-major.
std::vector<int> true_covers(const CountyGrid& g, long long s, long long e) {
  const long long rows = e - s, nx = g.nx;
  std::vector<int> cover(size_t(rows * nx));
  Kokkos::parallel_for("stormday::true_cover",
                       Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, rows),
                       [&](const long long ii) {
                         const double y = cell_y(g, s + ii);
                         for (long long j = 0; j < nx; ++j)
                           cover[size_t(ii * nx + j)] = int(true_cover(cell_x(g, j), y, g.dx));
                       });
  // The caller reads it at once, and a host space may run the loop asynchronously.
  Kokkos::DefaultHostExecutionSpace().fence();
  return cover;
}

// The strip's maps into this rank's rows (which start at `first`), and its cells into the counts:
// the fused classes against the true covers, beside the coarse, last-clear and truth images'.
void score_strip(const CountyGrid& g, const Scoring& sc, const Strip& st,
                 const fusion::ImageHost& f, long long first, RowMaps& m, bench::Profile& profile) {
  auto reg = profile.region("stormday::landcover_scoring");
  const auto c = classify_image(st.coarse, sc.table);
  const auto l = classify_image(st.last_clear, sc.table);
  const auto t = classify_image(st.truth, sc.table);
  const std::vector<int> cover = true_covers(g, st.s, st.e);
  const long long rows = st.e - st.s, nx = g.nx;
  const size_t n_conf = sc.n_conf;
  auto& tally = m.tally;
  for (long long ii = 0; ii < rows; ++ii) {
    const long long li = st.s - first + ii;
    double* err = &m.row_err[size_t(li * 4)];
    for (long long j = 0; j < nx; ++j) {
      const size_t o = size_t(li * nx + j);
      const int k = int(f(fusion::kClassPlane, ii, j));
      const int cv = cover[size_t(ii * nx + j)];
      const int want = sc.cover_row[size_t(cv)];
      m.ndvi[o] = f(fusion::kNdviPlane, ii, j);
      m.bright[o] = f(fusion::kBrightnessPlane, ii, j);
      m.land_class[o] = double(k);
      m.manning[o] = f(fusion::kManningPlane, ii, j);
      m.infil[o] = f(fusion::kInfilPlane, ii, j);
      m.truth_class[o] = double(want);
      tally[size_t(cv * sc.nclass + k)] += 1.0;
      if (want >= 0) {
        tally[n_conf + 0] += int(c(fusion::kClassPlane, ii, j)) == want;
        tally[n_conf + 1] += int(l(fusion::kClassPlane, ii, j)) == want;
        tally[n_conf + 2] += int(t(fusion::kClassPlane, ii, j)) == want;
      }
      if (k == sc.table.fallback && !in_rule(sc.table.rule[k], m.ndvi[o], m.bright[o]))
        tally[n_conf + 3] += 1.0;
      const double tv = t(fusion::kNdviPlane, ii, j), cvn = c(fusion::kNdviPlane, ii, j);
      if (std::isfinite(tv) && std::isfinite(m.ndvi[o]))
        err[0] += (m.ndvi[o] - tv) * (m.ndvi[o] - tv), err[1] += 1.0;
      if (std::isfinite(tv) && std::isfinite(cvn)) err[2] += (cvn - tv) * (cvn - tv), err[3] += 1.0;
    }
  }
}

// Step 3: NDVI, classes and maps for this rank's rows, a strip at a time; scored against the truth.
RowMaps map_and_score_rows(const CountyGrid& g, const Scoring& sc, const StageImages& in,
                           mpi::BlockRange own, long long tile_rows, bench::Profile& profile) {
  const size_t cells = size_t(own.size() * g.nx);
  RowMaps m;
  for (auto* v : {&m.ndvi, &m.bright, &m.land_class, &m.manning, &m.infil, &m.truth_class})
    v->assign(cells, 0.0);
  m.tally.assign(sc.n_conf + 4, 0.0);
  m.row_err.assign(size_t(own.size() * 4), 0.0);
  const long long tile = std::max<long long>(1, tile_rows);
  for (long long s = own.first; s < own.last; s += tile) {
    const Strip st = load_strip(in, s, std::min(own.last, s + tile), profile);
    const auto f = land_cover_of(st, g.nx, sc.table, m, profile);
    score_strip(g, sc, st, f, own.first, m, profile);
  }
  return m;
}

// The fused NDVI's and the coarse NDVI's errors against the truth, summed in global row order so
// that any rank count gives the same bits.
void score_ndvi(const std::vector<double>& row_err, const mpi::Comm& comm, LandcoverResult& res) {
  const auto all_err = comm.allgatherv(row_err);
  double sse = 0, n_sse = 0, sse_c = 0, n_sse_c = 0;
  for (size_t r = 0; r + 3 < all_err.size(); r += 4)
    sse += all_err[r], n_sse += all_err[r + 1], sse_c += all_err[r + 2], n_sse_c += all_err[r + 3];
  res.ndvi_rmse = n_sse > 0 ? std::sqrt(sse / n_sse) : NAN;
  res.ndvi_rmse_coarse = n_sse_c > 0 ? std::sqrt(sse_c / n_sse_c) : NAN;
}

// The confusion matrix and the cells per class from the summed counts; returns the cells
// classified as their true cover.
double fill_confusion(const std::vector<double>& tally, const ClassTable& classes,
                      const Scoring& sc, LandcoverResult& res) {
  const int nclass = sc.nclass;
  for (const auto& cl : classes.classes) res.class_names.push_back(cl.name);
  res.predicted_cells.assign(size_t(nclass), 0);
  res.truth_cells.assign(size_t(nclass), 0);
  res.confusion.assign(size_t(kCoverCount), std::vector<long long>(size_t(nclass), 0));
  double correct = 0;
  for (int cv = 0; cv < kCoverCount; ++cv) {
    long long row_total = 0;
    for (int k = 0; k < nclass; ++k) {
      const auto n = static_cast<long long>(tally[size_t(cv * nclass + k)]);
      res.confusion[size_t(cv)][size_t(k)] = n;
      res.predicted_cells[size_t(k)] += n;
      row_total += n;
    }
    const int want = sc.cover_row[size_t(cv)];
    if (want >= 0) {
      res.truth_cells[size_t(want)] += row_total;
      correct += double(res.confusion[size_t(cv)][size_t(want)]);
    } else {
      res.truth_unmatched += row_total;
    }
  }
  return correct;
}

// Step 4: totals over ranks.
void total_scores(RowMaps& m, const ClassTable& classes, const Scoring& sc, const CountyGrid& g,
                  const mpi::Comm& comm, LandcoverResult& res) {
  comm.allreduce_sum(m.tally);
  score_ndvi(m.row_err, comm, res);
  const double total = double(g.ny * g.nx);
  const double correct = fill_confusion(m.tally, classes, sc, res);
  const size_t n_conf = sc.n_conf;
  res.accuracy = correct / total;
  res.accuracy_coarse = m.tally[n_conf + 0] / total;
  res.accuracy_last_clear = m.tally[n_conf + 1] / total;
  res.accuracy_truth_image = m.tally[n_conf + 2] / total;
  res.fallback_cells = static_cast<long long>(m.tally[n_conf + 3]);
  res.landcover_seconds = comm.allreduce_max(m.kernel_s);
}

// landcover.h5's /scores: the stage's scores and what they were measured on.
nlohmann::json scores_json(const LandcoverResult& res, const CountyImagery& im,
                           const LandcoverConfig& config) {
  nlohmann::json cover_names = nlohmann::json::array();
  for (int c = 0; c < kCoverCount; ++c) cover_names.push_back(cover_name(Cover(c)));
  return {{"accuracy", res.accuracy},
          {"accuracy_coarse", res.accuracy_coarse},
          {"accuracy_last_clear", res.accuracy_last_clear},
          {"accuracy_truth_image", res.accuracy_truth_image},
          {"ndvi_rmse", res.ndvi_rmse},
          {"ndvi_rmse_coarse", res.ndvi_rmse_coarse},
          {"fallback_cells", res.fallback_cells},
          {"predicted_cells", res.predicted_cells},
          {"truth_cells", res.truth_cells},
          {"confusion", res.confusion},
          {"truth_covers", cover_names},
          {"day0", im.day0},
          {"day1", im.day1},
          {"coarse_ratio", im.coarse_ratio},
          {"starfm_window", config.starfm_window}};
}

// Step 5: landcover.h5: the maps on the county grid, the table, the grid and the scores.
void write_landcover_file(const LandcoverResult& res, const RowMaps& m, const CountyImagery& im,
                          const LandcoverConfig& config, const CountyGrid& g, mpi::BlockRange own,
                          const mpi::Comm& comm, bench::Profile& profile) {
  auto reg = profile.region("stormday::landcover_write");
  auto file = io::H5File::create(res.path, comm);
  const io::Block block{{hsize_t(g.ny), hsize_t(g.nx)},
                        {hsize_t(own.first), 0},
                        {hsize_t(own.size()), hsize_t(g.nx)}};
  auto meta = [&](const char* units) {
    // origin: (y, x) of the centre of cell (0, 0), as the flood model's fields and
    // io::read_raster expect.
    return io::FieldMeta{units, {g.dx, g.dx}, {cell_y(g, 0), cell_x(g, 0)}};
  };
  io::write_block(file, "ndvi", block, m.ndvi.data(), meta("1"));
  io::write_block(file, "brightness", block, m.bright.data(), meta("1"));
  io::write_block(file, "land_class", block, m.land_class.data(), meta("class index"));
  io::write_block(file, "manning", block, m.manning.data(), meta("s/m^(1/3)"));
  io::write_block(file, "infiltration_mm_per_h", block, m.infil.data(), meta("mm/h"));
  io::write_block(file, "truth_class", block, m.truth_class.data(), meta("class index"));
  io::write_json_group(file.id(), "/classes", config.classes.to_json());
  io::write_json_group(
      file.id(), "/grid",
      {{"ny", g.ny}, {"nx", g.nx}, {"dx", g.dx}, {"x0", g.x0}, {"y0", g.y0}, {"crs", kCountyCrs}});
  io::write_json_group(file.id(), "/scores", scores_json(res, im, config));
  file.commit();
}

}  // namespace

LandcoverConfig parse_landcover_config(const apps::Config& c) {
  LandcoverConfig lc;
  const std::string p = "stormday.landcover.";
  lc.classes = parse_class_table(c, "stormday.landcover");
  const long long window = c.get_int_in(p + "starfm_window", lc.starfm_window, 3, 301);
  if (window % 2 == 0)
    throw Error(c.origin() + ": key '" + p + "starfm_window'", "must be odd (a centre pixel)");
  lc.starfm_window = static_cast<int>(window);
  lc.kernel = c.get_choice(p + "kernel", "flat", {"flat", "team"}) == "team"
                  ? fusion::StarfmKernel::team
                  : fusion::StarfmKernel::flat;
  lc.seed = c.get_int_in(p + "seed", lc.seed, -1, (1LL << 31) - 1);
  lc.days_before = static_cast<int>(c.get_int_in(p + "days_before", lc.days_before, 1, 60));
  lc.tile_rows = c.get_int_in(p + "tile_rows", lc.tile_rows, 1, 1LL << 30);
  return lc;
}

LandcoverResult run_landcover_stage(const County& county, const LandcoverConfig& config,
                                    const mpi::Comm& comm, const std::string& stage_dir,
                                    bench::Profile& profile, bool progress) {
  const bench::PhaseClock clock(comm);
  const CountyGrid& g = county.grid;
  check_landcover_config(config);
  apps::make_directories(stage_dir, comm);
  LandcoverResult res;
  res.ny = g.ny;
  res.nx = g.nx;
  res.path = stage_dir + "/landcover.h5";
  res.fusion_path = stage_dir + "/fusion.h5";

  const CountyImagery im = county_imagery(county, config, stage_dir, comm, profile, progress);
  res.imagery_path = im.path;
  res.coarse_ratio = im.coarse_ratio;
  fuse_todays_image(im, config, comm, profile, progress, res);

  const StageImages in = open_stage_images(res.fusion_path, im, g);
  const Scoring sc = scoring_of(config.classes);
  const mpi::BlockRange own = mpi::block_of(g.ny, comm);
  RowMaps m = map_and_score_rows(g, sc, in, own, config.tile_rows, profile);
  total_scores(m, config.classes, sc, g, comm, res);
  write_landcover_file(res, m, im, config, g, own, comm, profile);
  res.seconds = clock.seconds();
  return res;
}

}  // namespace karst::stormday
