#include "apps/fusion/fusion_pipeline.hpp"

#include "apps/fusion/fusion_memory.hpp"
#include "apps/fusion/image_rows.hpp"
#include "base/error.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/raster/multiband.hpp"
#include "kernels/fusion/band_statistics.hpp"
#include "kernels/fusion/pansharpen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>

namespace karst::fusion_app {

namespace {

using Clock = std::chrono::steady_clock;

// SSIM's 7x7 window reaches 3 rows beyond the rows a strip owns, so every method predicts
// those rows too (each pixel's value does not depend on who computes it).
constexpr long long kSsimHalo = 3;

std::string shape_of(const io::MultibandInfo& i) {
  return fmt::format("{} band(s) x {} x {}", i.bands, i.rows, i.cols);
}

struct Readers {
  std::vector<std::unique_ptr<io::MultibandReader>> fine, coarse;
  std::unique_ptr<io::MultibandReader> coarse0, truth, pan, ms, pan_truth;
};

void require_same_shape(const io::MultibandReader& r, const io::MultibandReader& ref) {
  const auto &a = r.info(), &b = ref.info();
  if (a.bands != b.bands || a.rows != b.rows || a.cols != b.cols)
    throw Error(a.source, fmt::format("band or shape mismatch: {} but {} has {}", shape_of(a),
                                      b.source, shape_of(b)));
}

Readers open_inputs(const FusionJob& job) {
  Readers r;
  if (job.starfm_enabled) {
    if (job.pairs.empty() || job.pairs.size() > size_t(fusion::kMaxPairs))
      throw Error("fusion.pairs",
                  fmt::format("STARFM takes 1 or 2 fine/coarse pairs, got {}", job.pairs.size()));
    r.coarse0 = io::open_multiband(job.coarse0);
    for (const auto& p : job.pairs) {
      r.fine.push_back(io::open_multiband(p.fine));
      r.coarse.push_back(io::open_multiband(p.coarse));
      require_same_shape(*r.fine.back(), *r.coarse0);
      require_same_shape(*r.coarse.back(), *r.coarse0);
    }
    if (!job.truth.empty()) {
      r.truth = io::open_multiband(job.truth);
      require_same_shape(*r.truth, *r.coarse0);
    }
  }
  if ((job.brovey_enabled || job.hpf_enabled) && !job.pan.empty()) {
    r.pan = io::open_multiband(job.pan);
    r.ms = io::open_multiband(job.ms);
    const auto &p = r.pan->info(), &m = r.ms->info();
    if (p.bands != 1)
      throw Error(p.source, fmt::format("a panchromatic image has 1 band, this one {}", p.bands));
    if (p.rows != m.rows || p.cols != m.cols)
      throw Error(m.source, fmt::format("band or shape mismatch: {} x {} but the pan image {} is "
                                        "{} x {} (resample the multispectral bands to the pan "
                                        "grid first)",
                                        m.rows, m.cols, p.source, p.rows, p.cols));
    if (!job.brovey_weights.empty() && long(job.brovey_weights.size()) != m.bands)
      throw Error("fusion.pansharpen.weights", fmt::format("{} weights for {} multispectral bands",
                                                           job.brovey_weights.size(), m.bands));
    if (!job.pan_truth.empty()) {
      r.pan_truth = io::open_multiband(job.pan_truth);
      require_same_shape(*r.pan_truth, *r.ms);
    }
  }
  return r;
}

struct RowRange {
  long long first, last;
};
RowRange owned_rows(long long rows, const mpi::Comm& comm) {
  return {rows * comm.rank() / comm.size(), rows * (comm.rank() + 1) / comm.size()};
}

//! Pass 1: sigma of every fine image and band over the valid scene, from per-row sums gathered
//! in global row order (bitwise the same for any number of ranks).
std::vector<std::vector<double>> scene_sigma(const Readers& r, const RowRange& own,
                                             long long tile_rows, const mpi::Comm& comm,
                                             bench::Profile& profile) {
  std::vector<std::vector<double>> sigma;
  for (const auto& fine : r.fine) {
    const auto& in = fine->info();
    std::vector<double> mine;  // row-major: (row, band, {count, sum, sum2})
    for (long long a = own.first; a < own.last; a += tile_rows) {
      const long long b = std::min(own.last, a + tile_rows);
      fusion::Image img;
      {
        auto s = profile.region("fusion::read");
        img = load_rows(*fine, a, b, "fusion::stat_rows");
      }
      auto s = profile.kernel("fusion::row_sums", fusion::kRowSumsCost,
                              double(in.bands * (b - a) * in.cols));
      const auto sums = fusion::row_sums(img, 0, b - a);
      for (long long i = 0; i < b - a; ++i)
        for (long long band = 0; band < in.bands; ++band)
          for (int m = 0; m < 3; ++m) mine.push_back(sums(band, i, m));
    }
    const auto all = comm.allgatherv(mine);
    std::vector<fusion::BandMoments> moments(size_t(in.bands));
    for (size_t n = 0; n < all.size(); n += 3) {
      auto& m = moments[(n / 3) % size_t(in.bands)];
      m.count += all[n], m.sum += all[n + 1], m.sum2 += all[n + 2];
    }
    std::vector<double> s;
    for (size_t band = 0; band < moments.size(); ++band) {
      if (moments[band].count <= 0)
        throw Error(in.source, fmt::format("band {} has no valid pixel", band + 1));
      s.push_back(moments[band].sigma());
    }
    sigma.push_back(s);
  }
  return sigma;
}

//! Metric sums over strips and ranks. A rank without rows (or without a truth image on its
//! strips) still joins the MPI sum with zeros of the right length.
struct MetricTotal {
  fusion::MetricSums sums;
  bool used = false;
  explicit MetricTotal(long long bands) : sums(static_cast<int>(bands)) {}
  void add(const fusion::MetricSums& s) {
    sums += s;
    used = true;
  }
  std::optional<fusion::QualityMetrics> finish(const mpi::Comm& comm, double ratio) const {
    if (comm.allreduce_max(used ? 1.0 : 0.0) <= 0) return std::nullopt;
    auto v = sums.to_vector();
    comm.allreduce_sum(v);
    return fusion::finish_metrics(fusion::MetricSums::from_vector(v), ratio);
  }
};

io::MultibandInfo output_info(const io::MultibandInfo& like, double fill) {
  io::MultibandInfo o = like;
  o.type = io::SampleType::float32;
  o.scale = 1.0;
  o.offset = 0.0;
  o.has_nodata = true;
  o.nodata = fill;
  return o;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

void check_dates(const FusionJob& job) {
  for (size_t k = 0; k < job.pairs.size(); ++k) {
    const auto key = fmt::format("fusion.pairs[{}].date", k);
    if (job.pairs[k].day == job.day0)
      throw Error(key, "is the prediction date: a fine image on that day needs no fusion");
    if (k > 0 && job.pairs[k].day <= job.pairs[k - 1].day)
      throw Error(key, "date order: pairs must be listed in increasing date order");
  }
  if (job.pairs.size() == 2 && !(job.pairs[0].day < job.day0 && job.day0 < job.pairs[1].day))
    throw Error("fusion.predict.date",
                "date order: with two pairs the prediction date must lie between them");
}

FusionResult run_fusion_job(const FusionJob& job, const mpi::Comm& comm,
                            const std::string& out_path, bench::Profile& profile, bool progress) {
  if (job.starfm_enabled) check_dates(job);
  const Readers r = open_inputs(job);
  const io::MultibandReader* shape = r.coarse0 ? r.coarse0.get() : r.ms.get();
  if (!shape) throw Error("fusion", "nothing to do: STARFM is off and no pan/ms images given");
  FusionResult res;
  res.bands = shape->info().bands;
  res.rows = shape->info().rows;
  res.cols = shape->info().cols;
  if (r.pan && r.coarse0 && (r.ms->info().rows != res.rows || r.ms->info().cols != res.cols))
    throw Error(r.ms->info().source,
                "band or shape mismatch: pansharpening inputs must share the "
                "STARFM scene's grid in one run");
  const long long rows = res.rows, cols = res.cols;
  // Sized from the headers, before the first strip is read.
  FusionImages images;
  images.rows = rows;
  images.cols = cols;
  images.bands = res.bands;
  images.ms_bands = r.ms ? r.ms->info().bands : 0;
  images.pairs = job.starfm_enabled ? static_cast<int>(job.pairs.size()) : 0;
  images.truth = r.truth != nullptr;
  images.pan = r.pan != nullptr;
  images.pan_truth = r.pan_truth != nullptr;
  apps::require_memory("fusion.tile_rows", pipeline_memory_need(job, images, comm.size()), comm);
  const auto own = owned_rows(rows, comm);
  const long long tile = std::max<long long>(1, job.tile_rows);
  const int pairs = static_cast<int>(job.pairs.size());

  if (job.starfm_enabled) res.sigma = scene_sigma(r, own, tile, comm, profile);
  fusion::StarfmParams params = job.starfm;
  params.fill_value = NAN;  // missing inside Karst; the writer stores job.fill_value
  fusion::StarfmTables tables;
  if (job.starfm_enabled) tables = fusion::make_starfm_tables(params, res.sigma);
  const bool do_brovey = r.pan && job.brovey_enabled, do_hpf = r.pan && job.hpf_enabled;
  std::vector<double> weights = job.brovey_weights;
  if (r.ms && weights.empty()) weights.assign(size_t(r.ms->info().bands), 1.0 / r.ms->info().bands);

  // Outputs: float32 with the fill value, georeferenced like the inputs.
  auto file = io::H5File::create(out_path, comm);
  std::unique_ptr<io::MultibandWriter> w_starfm, w_brovey, w_hpf;
  if (job.starfm_enabled)
    w_starfm = std::make_unique<io::MultibandWriter>(
        file, "starfm", output_info(r.coarse0->info(), job.fill_value));
  if (do_brovey)
    w_brovey = std::make_unique<io::MultibandWriter>(file, "brovey",
                                                     output_info(r.ms->info(), job.fill_value));
  if (do_hpf)
    w_hpf = std::make_unique<io::MultibandWriter>(file, "hpf",
                                                  output_info(r.ms->info(), job.fill_value));

  const long long halo =
      std::max<long long>(job.starfm_enabled ? job.starfm.radius : 0, job.hpf_radius) + kSsimHalo;
  const long long strips_here = (own.last - own.first + tile - 1) / tile;
  res.strips = static_cast<long long>(comm.allreduce_max(double(strips_here)));
  const long long ms_bands = r.ms ? r.ms->info().bands : 0;
  MetricTotal m_starfm(res.bands), m_base(res.bands), m_brovey(ms_bands), m_hpf(ms_bands),
      m_ms(ms_bands);
  fusion::StarfmCounts counts;
  double starfm_s = 0, brovey_s = 0, hpf_s = 0;
  const auto t_start = Clock::now();
  for (long long st = 0; st < res.strips; ++st) {
    const long long s = std::min(own.last, own.first + st * tile);
    const long long e = std::min(own.last, s + tile);
    const long long lo = e > s ? std::max(0LL, s - halo) : s;
    const long long hi = e > s ? std::min(rows, e + halo) : s;
    // SSIM's halo (local rows [c0, c1) around the owned ones) is predicted only for metrics.
    const long long c0 = std::max(lo, s - kSsimHalo) - lo, c1 = std::min(hi, e + kSsimHalo) - lo;
    const fusion::StripRows owned{lo, s - lo, e - lo, rows};
    const fusion::StripRows below{lo, c0, s - lo, rows}, above{lo, e - lo, c1, rows};
    std::vector<double> out_starfm, out_brovey, out_hpf;
    if (job.starfm_enabled && e > s) {
      fusion::StarfmInputs in;
      fusion::Image coarse0, truth;
      {
        auto reg = profile.region("fusion::read");
        in.pairs = pairs;
        for (int k = 0; k < pairs; ++k) {
          in.fine[k] = load_rows(*r.fine[k], lo, hi, "fusion::fine");
          in.coarse[k] = load_rows(*r.coarse[k], lo, hi, "fusion::coarse");
        }
        in.coarse0 = coarse0 = load_rows(*r.coarse0, lo, hi, "fusion::coarse0");
        if (r.truth) truth = load_rows(*r.truth, lo, hi, "fusion::truth");
      }
      fusion::Image pred("fusion::starfm", size_t(res.bands), size_t(hi - lo), size_t(cols));
      Kokkos::fence();
      const auto t0 = Clock::now();
      fusion::StarfmCounts c;
      for (int rep = 0; rep < job.planted_slowdown; ++rep)
        c = fusion::starfm(in, params, tables, pred, owned.own_begin, owned.own_end, job.kernel);
      const double dt = seconds_since(t0);
      starfm_s += dt;
      counts += c;
      profile.add("fusion::starfm", dt,
                  KernelCost{fusion::StarfmFlops::total(c, pairs) / double(c.outputs),
                             fusion::starfm_bytes_cost(pairs).bytes_per_item},
                  double(c.outputs));
      if (r.truth) {
        // SSIM's windows reach rows the neighbouring strips own: predicted again here, and
        // booked apart so the figures of merit count every output once.
        auto reg = profile.region("fusion::starfm_ssim_halo");
        fusion::starfm(in, params, tables, pred, c0, owned.own_begin, job.kernel);
        fusion::starfm(in, params, tables, pred, owned.own_end, c1, job.kernel);
      }
      if (r.truth) {
        auto reg = profile.region("fusion::metrics");
        m_starfm.add(fusion::accumulate_metrics(pred, truth, owned, cols, job.data_range));
        m_base.add(fusion::accumulate_metrics(coarse0, truth, owned, cols, job.data_range));
      }
      out_starfm = rows_to_host(pred, s - lo, e - lo);
    }
    if ((do_brovey || do_hpf) && e > s) {
      fusion::Image ms, pan_truth, pan3;
      {
        auto reg = profile.region("fusion::read");
        ms = load_rows(*r.ms, lo, hi, "fusion::ms");
        pan3 = load_rows(*r.pan, lo, hi, "fusion::pan");
        if (r.pan_truth) pan_truth = load_rows(*r.pan_truth, lo, hi, "fusion::pan_truth");
      }
      const fusion::Band pan = Kokkos::subview(pan3, 0, Kokkos::ALL, Kokkos::ALL);
      const double pixels = double((e - s) * cols);
      if (r.pan_truth) {
        auto reg = profile.region("fusion::metrics");
        m_ms.add(fusion::accumulate_metrics(ms, pan_truth, owned, cols, job.data_range));
      }
      if (do_brovey) {
        fusion::Image out("fusion::brovey", ms.extent(0), size_t(hi - lo), size_t(cols));
        Kokkos::deep_copy(out, NAN);
        const auto cost = fusion::brovey_cost(int(ms.extent(0)));
        const auto t0 = Clock::now();
        {
          auto k = profile.kernel("fusion::brovey", cost, pixels);
          fusion::brovey(ms, pan, weights, out, owned);
        }
        if (r.pan_truth) {
          auto reg = profile.region("fusion::pansharpen_ssim_halo");
          fusion::brovey(ms, pan, weights, out, below);
          fusion::brovey(ms, pan, weights, out, above);
        }
        brovey_s += seconds_since(t0);
        res.brovey_bytes += cost.bytes(pixels);
        if (r.pan_truth) {
          auto reg = profile.region("fusion::metrics");
          m_brovey.add(fusion::accumulate_metrics(out, pan_truth, owned, cols, job.data_range));
        }
        out_brovey = rows_to_host(out, s - lo, e - lo);
      }
      if (do_hpf) {
        fusion::Image out("fusion::hpf", ms.extent(0), size_t(hi - lo), size_t(cols));
        Kokkos::deep_copy(out, NAN);
        const auto cost = fusion::hpf_cost(int(ms.extent(0)), job.hpf_radius);
        const auto t0 = Clock::now();
        {
          auto k = profile.kernel("fusion::hpf", cost, pixels);
          fusion::hpf(ms, pan, job.hpf_radius, job.hpf_gain, out, owned);
        }
        if (r.pan_truth) {
          auto reg = profile.region("fusion::pansharpen_ssim_halo");
          fusion::hpf(ms, pan, job.hpf_radius, job.hpf_gain, out, below);
          fusion::hpf(ms, pan, job.hpf_radius, job.hpf_gain, out, above);
        }
        hpf_s += seconds_since(t0);
        res.hpf_bytes += cost.bytes(pixels);
        if (r.pan_truth) {
          auto reg = profile.region("fusion::metrics");
          m_hpf.add(fusion::accumulate_metrics(out, pan_truth, owned, cols, job.data_range));
        }
        out_hpf = rows_to_host(out, s - lo, e - lo);
      }
    }
    {
      auto reg = profile.region("fusion::write");
      if (w_starfm) w_starfm->write_rows(s, e - s, out_starfm.data());
      if (w_brovey) w_brovey->write_rows(s, e - s, out_brovey.data());
      if (w_hpf) w_hpf->write_rows(s, e - s, out_hpf.data());
    }
    if (progress && comm.is_root()) {
      const double el = seconds_since(t_start);
      std::cerr << fmt::format("fusion: strip {}/{} ({:.0f}%), {:.1f} s, about {:.0f} s left\r",
                               st + 1, res.strips, 100.0 * (st + 1) / res.strips, el,
                               el / (st + 1) * (res.strips - st - 1));
    }
  }
  if (progress && comm.is_root()) std::cerr << "\n";
  w_starfm.reset();
  w_brovey.reset();
  w_hpf.reset();
  file.commit();

  // Totals over ranks.
  std::vector<double> cv = {double(counts.outputs), double(counts.centres),  double(counts.tested),
                            double(counts.similar), double(counts.accepted), double(counts.filled)};
  comm.allreduce_sum(cv);
  res.counts = {(long long)cv[0], (long long)cv[1], (long long)cv[2],
                (long long)cv[3], (long long)cv[4], (long long)cv[5]};
  res.starfm_flops = comm.allreduce_sum(fusion::StarfmFlops::total(counts, pairs));
  res.starfm_seconds = comm.allreduce_max(starfm_s);
  res.brovey_seconds = comm.allreduce_max(brovey_s);
  res.hpf_seconds = comm.allreduce_max(hpf_s);
  res.brovey_bytes = comm.allreduce_sum(res.brovey_bytes);
  res.hpf_bytes = comm.allreduce_sum(res.hpf_bytes);
  res.starfm = m_starfm.finish(comm, job.resolution_ratio);
  res.baseline = m_base.finish(comm, job.resolution_ratio);
  res.brovey = m_brovey.finish(comm, job.pan_ratio);
  res.hpf = m_hpf.finish(comm, job.pan_ratio);
  res.ms_baseline = m_ms.finish(comm, job.pan_ratio);
  return res;
}

}  // namespace karst::fusion_app
