#include "apps/stormday/landcover_stage.hpp"

#include "apps/common/run_directory.hpp"
#include "apps/fusion/fusion_pipeline.hpp"
#include "apps/fusion/image_rows.hpp"
#include "apps/stormday/county_imagery.hpp"
#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/hdf5/json_h5.hpp"
#include "io/raster/multiband.hpp"
#include "kernels/fusion/land_cover.hpp"

#include <fmt/format.h>

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <memory>

namespace karst::stormday {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

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
  const auto t_start = Clock::now();
  const CountyGrid& g = county.grid;
  const ClassTable& classes = config.classes;
  validate(classes);
  if (config.starfm_window < 3 || config.starfm_window % 2 == 0)
    throw Error("stormday.landcover.starfm_window", "must be odd and at least 3");
  if (comm.is_root()) apps::make_directories(stage_dir);
  comm.barrier();

  LandcoverResult res;
  res.ny = g.ny;
  res.nx = g.nx;
  res.path = stage_dir + "/landcover.h5";
  res.fusion_path = stage_dir + "/fusion.h5";

  // 1. What the satellites saw.
  ImagerySettings is;
  is.seed = config.seed >= 0 ? unsigned(config.seed) : county.seed;
  is.days_before = config.days_before;
  CountyImagery im;
  {
    auto r = profile.region("stormday::landcover_imagery");
    im = generate_county_imagery(g, is, stage_dir, comm, progress);
  }
  res.imagery_path = im.path;
  res.coarse_ratio = im.coarse_ratio;

  // 2. Today's fine image: STARFM with the last clear pair, the fusion workload's pipeline.
  fusion_app::FusionJob job;
  job.pairs = {{im.fine_d1, im.coarse_d1, im.day1}};
  job.coarse0 = im.coarse_d0;
  job.day0 = im.day0;
  job.truth = im.truth_d0;
  job.starfm.radius = config.starfm_window / 2;
  job.kernel = config.kernel;
  job.resolution_ratio = 1.0 / im.coarse_ratio;
  job.tile_rows = config.tile_rows;
  job.brovey_enabled = job.hpf_enabled = false;
  const auto fr = fusion_app::run_fusion_job(job, comm, res.fusion_path, profile, progress);
  res.starfm = fr.starfm;
  res.baseline = fr.baseline;
  res.starfm_counts = fr.counts;
  res.starfm_seconds = fr.starfm_seconds;

  // 3. NDVI, classes and maps for this rank's rows, a strip at a time; scored against the truth.
  const auto fused = io::open_multiband(res.fusion_path + ":starfm");
  const auto coarse = io::open_multiband(im.coarse_d0);
  const auto last_clear = io::open_multiband(im.fine_d1);
  const auto truth = io::open_multiband(im.truth_d0);
  for (const auto* r : {fused.get(), coarse.get(), last_clear.get(), truth.get()})
    check_shape(*r, g);
  const auto table = classes.kernel_table();
  const int nclass = table.count;
  // True covers as table rows (-1: the table has no class of that name).
  std::array<int, kCoverCount> cover_row{};
  for (int c = 0; c < kCoverCount; ++c)
    cover_row[size_t(c)] = classes.index_of(cover_name(Cover(c)));

  const long long ny = g.ny, nx = g.nx;
  const long long first = ny * comm.rank() / comm.size();
  const long long last = ny * (comm.rank() + 1) / comm.size();
  const long long own = last - first;
  const size_t cells = size_t(own * nx);
  std::vector<double> ndvi(cells), bright(cells), land_class(cells), manning(cells), infil(cells),
      truth_class(cells);
  // Counts: confusion [cover][row], then correct cells of the coarse, last-clear and truth-image
  // classifications, then fallback cells. Integers in doubles: exact, any rank count.
  const size_t n_conf = size_t(kCoverCount * nclass);
  std::vector<double> tally(n_conf + 4, 0.0);
  // Per owned row: NDVI squared error and count, fused and coarse; summed in global row order.
  std::vector<double> row_err(size_t(own * 4), 0.0);
  const long long tile = std::max<long long>(1, config.tile_rows);
  double kernel_s = 0.0;
  for (long long s = first; s < last; s += tile) {
    const long long e = std::min(last, s + tile), rows = e - s;
    fusion::Image f_img, c_img, l_img, t_img;
    {
      auto r = profile.region("stormday::landcover_read");
      f_img = fusion_app::load_rows(*fused, s, e, "stormday::fused");
      c_img = fusion_app::load_rows(*coarse, s, e, "stormday::coarse_d0");
      l_img = fusion_app::load_rows(*last_clear, s, e, "stormday::fine_d1");
      t_img = fusion_app::load_rows(*truth, s, e, "stormday::truth_d0");
    }
    Kokkos::fence();
    const auto t0 = Clock::now();
    fusion::Image out("stormday::land_cover", size_t(fusion::kLandCoverPlanes), size_t(rows),
                      size_t(nx));
    fusion::land_cover(f_img, fusion::SpectralBands{}, table, out);
    Kokkos::fence();
    const double dt = seconds_since(t0);
    kernel_s += dt;
    profile.add("stormday::land_cover", dt, fusion::kLandCoverCost, double(rows * nx));
    const auto f = Kokkos::create_mirror_view_and_copy(HostSpace(), out);

    auto reg = profile.region("stormday::landcover_scoring");
    const auto c = classify_image(c_img, table);
    const auto l = classify_image(l_img, table);
    const auto t = classify_image(t_img, table);
    std::vector<int> cover(size_t(rows * nx));
    Kokkos::parallel_for("stormday::true_cover",
                         Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, rows),
                         [&](const long long ii) {
                           const double y = cell_y(g, s + ii);
                           for (long long j = 0; j < nx; ++j)
                             cover[size_t(ii * nx + j)] = int(true_cover(cell_x(g, j), y, g.dx));
                         });
    for (long long ii = 0; ii < rows; ++ii) {
      const long long li = s - first + ii;
      double* err = &row_err[size_t(li * 4)];
      for (long long j = 0; j < nx; ++j) {
        const size_t o = size_t(li * nx + j);
        const int k = int(f(fusion::kClassPlane, ii, j));
        const int cv = cover[size_t(ii * nx + j)];
        const int want = cover_row[size_t(cv)];
        ndvi[o] = f(fusion::kNdviPlane, ii, j);
        bright[o] = f(fusion::kBrightnessPlane, ii, j);
        land_class[o] = double(k);
        manning[o] = f(fusion::kManningPlane, ii, j);
        infil[o] = f(fusion::kInfilPlane, ii, j);
        truth_class[o] = double(want);
        tally[size_t(cv * nclass + k)] += 1.0;
        if (want >= 0) {
          tally[n_conf + 0] += int(c(fusion::kClassPlane, ii, j)) == want;
          tally[n_conf + 1] += int(l(fusion::kClassPlane, ii, j)) == want;
          tally[n_conf + 2] += int(t(fusion::kClassPlane, ii, j)) == want;
        }
        if (k == table.fallback && !in_rule(table.rule[k], ndvi[o], bright[o]))
          tally[n_conf + 3] += 1.0;
        const double tv = t(fusion::kNdviPlane, ii, j), cvn = c(fusion::kNdviPlane, ii, j);
        if (std::isfinite(tv) && std::isfinite(ndvi[o]))
          err[0] += (ndvi[o] - tv) * (ndvi[o] - tv), err[1] += 1.0;
        if (std::isfinite(tv) && std::isfinite(cvn))
          err[2] += (cvn - tv) * (cvn - tv), err[3] += 1.0;
      }
    }
  }

  // 4. Totals over ranks.
  comm.allreduce_sum(tally);
  const auto all_err = comm.allgatherv(row_err);
  double sse = 0, n_sse = 0, sse_c = 0, n_sse_c = 0;
  for (size_t r = 0; r + 3 < all_err.size(); r += 4)
    sse += all_err[r], n_sse += all_err[r + 1], sse_c += all_err[r + 2], n_sse_c += all_err[r + 3];
  res.ndvi_rmse = n_sse > 0 ? std::sqrt(sse / n_sse) : NAN;
  res.ndvi_rmse_coarse = n_sse_c > 0 ? std::sqrt(sse_c / n_sse_c) : NAN;
  const double total = double(ny * nx);
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
    const int want = cover_row[size_t(cv)];
    if (want >= 0) {
      res.truth_cells[size_t(want)] += row_total;
      correct += double(res.confusion[size_t(cv)][size_t(want)]);
    } else {
      res.truth_unmatched += row_total;
    }
  }
  res.accuracy = correct / total;
  res.accuracy_coarse = tally[n_conf + 0] / total;
  res.accuracy_last_clear = tally[n_conf + 1] / total;
  res.accuracy_truth_image = tally[n_conf + 2] / total;
  res.fallback_cells = static_cast<long long>(tally[n_conf + 3]);
  res.landcover_seconds = comm.allreduce_max(kernel_s);

  // 5. landcover.h5: the maps on the county grid, the table, the grid and the scores.
  {
    auto reg = profile.region("stormday::landcover_write");
    auto file = io::H5File::create(res.path, comm);
    const io::Block block{
        {hsize_t(ny), hsize_t(nx)}, {hsize_t(first), 0}, {hsize_t(own), hsize_t(nx)}};
    auto meta = [&](const char* units) {
      // origin: (y, x) of the centre of cell (0, 0), as the flood model's fields and
      // io::read_raster expect.
      return io::FieldMeta{units, {g.dx, g.dx}, {cell_y(g, 0), cell_x(g, 0)}};
    };
    io::write_block(file, "ndvi", block, ndvi.data(), meta("1"));
    io::write_block(file, "brightness", block, bright.data(), meta("1"));
    io::write_block(file, "land_class", block, land_class.data(), meta("class index"));
    io::write_block(file, "manning", block, manning.data(), meta("s/m^(1/3)"));
    io::write_block(file, "infiltration_mm_per_h", block, infil.data(), meta("mm/h"));
    io::write_block(file, "truth_class", block, truth_class.data(), meta("class index"));
    io::write_json_group(file.id(), "/classes", classes.to_json());
    io::write_json_group(file.id(), "/grid",
                         {{"ny", g.ny},
                          {"nx", g.nx},
                          {"dx", g.dx},
                          {"x0", g.x0},
                          {"y0", g.y0},
                          {"crs", kCountyCrs}});
    nlohmann::json cover_names = nlohmann::json::array();
    for (int c = 0; c < kCoverCount; ++c) cover_names.push_back(cover_name(Cover(c)));
    nlohmann::json scores = {{"accuracy", res.accuracy},
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
    io::write_json_group(file.id(), "/scores", scores);
    file.commit();
  }
  res.seconds = comm.allreduce_max(seconds_since(t_start));
  return res;
}

}  // namespace karst::stormday
