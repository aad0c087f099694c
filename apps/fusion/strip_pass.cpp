#include "apps/fusion/strip_pass.hpp"

#include "apps/fusion/image_rows.hpp"
#include "bench/phase_clock.hpp"
#include "kernels/fusion/pansharpen.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <string>

namespace karst::fusion {

namespace {

// A kernel's seconds on this rank, fenced on both sides. The profile and the figures of merit
// take their time from this one measurement, so a rate is the work booked over exactly the time
// of that work (bench::per_second's rule).
template <class Work>
double fenced_seconds(const Work& work) {
  Kokkos::fence();
  const auto start = bench::Clock::now();
  work();
  Kokkos::fence();
  return bench::seconds_since(start);
}

std::vector<double> equal_weights_if_none(const FusionJob& job, const FusionInputs& in) {
  std::vector<double> weights = job.brovey_weights;
  if (in.ms && weights.empty()) weights.assign(size_t(in.ms_bands()), 1.0 / in.ms_bands());
  return weights;
}

// The "no change" baseline (issue 20): per pixel, the fine image of the pair nearest in time to
// the prediction date (the earlier on a tie), or the other pair's where that one is cloudy (NaN).
// It is what a remote-sensing user compares a fusion against first.
Image no_change_image(const StarfmInputs& in, const FusionJob& job) {
  const Image& first = in.fine[0];
  int near = 0;
  for (int k = 1; k < in.pairs; ++k)
    if (std::llabs(job.pairs[size_t(k)].day - job.day0) <
        std::llabs(job.pairs[size_t(near)].day - job.day0))
      near = k;
  const Image a = in.fine[near], b = in.fine[in.pairs > 1 ? 1 - near : near];
  Image out("fusion::no_change", first.extent(0), first.extent(1), first.extent(2));
  Kokkos::parallel_for(
      "fusion::no_change",
      Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<3>>(
          {0, 0, 0}, {first.extent(0), first.extent(1), first.extent(2)}),
      KOKKOS_LAMBDA(size_t band, size_t i, size_t j) {
        const double v = a(band, i, j);
        out(band, i, j) = v == v ? v : b(band, i, j);
      });
  return out;
}

}  // namespace

StripPass::StripPass(const FusionJob& job, const FusionInputs& inputs,
                     const std::vector<std::vector<double>>& sigma, bench::Profile& profile)
    : job_(job),
      in_(inputs),
      profile_(profile),
      bands_(inputs.scene().bands),
      cols_(inputs.scene().cols),
      pairs_(static_cast<int>(job.pairs.size())),
      params_(job.starfm),
      weights_(equal_weights_if_none(job, inputs)),
      starfm_metrics_(bands_),
      baseline_metrics_(bands_),
      no_change_metrics_(bands_),
      ms_metrics_(inputs.ms_bands()),
      brovey_{0.0, 0.0, MetricTotal(inputs.ms_bands())},
      hpf_{0.0, 0.0, MetricTotal(inputs.ms_bands())} {
  params_.fill_value = NAN;  // missing inside Karst; the writer stores job.fill_value
  if (job.starfm_enabled) tables_ = make_starfm_tables(params_, sigma);
}

StripOutputs StripPass::run(const Strip& strip) {
  StripOutputs out;
  if (strip.empty()) return out;
  if (job_.starfm_enabled) out.starfm = predict_starfm(strip);
  if (in_.brovey(job_) || in_.hpf(job_)) pansharpen(strip, out);
  return out;
}

StripPass::StarfmStrip StripPass::read_starfm_strip(const Strip& s) {
  auto reg = profile_.region("fusion::read");
  StarfmStrip t;
  t.in.pairs = pairs_;
  for (int k = 0; k < pairs_; ++k) {
    t.in.fine[k] = load_rows(*in_.fine[k], s.lo, s.hi, "fusion::fine");
    t.in.coarse[k] = load_rows(*in_.coarse[k], s.lo, s.hi, "fusion::coarse");
  }
  t.in.coarse0 = t.coarse0 = load_rows(*in_.coarse0, s.lo, s.hi, "fusion::coarse0");
  if (in_.truth) t.truth = load_rows(*in_.truth, s.lo, s.hi, "fusion::truth");
  return t;
}

std::vector<double> StripPass::predict_starfm(const Strip& s) {
  const StarfmStrip t = read_starfm_strip(s);
  Image pred("fusion::starfm", size_t(bands_), size_t(s.read_rows()), size_t(cols_));
  StarfmCounts c;
  const double seconds = fenced_seconds([&] {
    for (int rep = 0; rep < job_.planted_slowdown; ++rep)
      c = fusion::starfm(t.in, params_, tables_, pred, s.owned.own_begin, s.owned.own_end,
                         job_.kernel);
  });
  starfm_seconds_ += seconds;
  counts_ += c;
  profile_.add("fusion::starfm", seconds,
               KernelCost{StarfmFlops::total(c, pairs_) / double(c.outputs),
                          starfm_bytes_cost(pairs_).bytes_per_item},
               double(c.outputs));
  if (in_.truth) {
    {
      // SSIM's windows reach rows the neighbouring strips own: predicted again here, and
      // booked apart so the figures of merit count every output once.
      auto reg = profile_.region("fusion::starfm_ssim_halo");
      for (const auto& halo : {s.below, s.above})
        fusion::starfm(t.in, params_, tables_, pred, halo.own_begin, halo.own_end, job_.kernel);
    }
    auto reg = profile_.region("fusion::metrics");
    starfm_metrics_.add(accumulate_metrics(pred, t.truth, s.owned, cols_, job_.data_range));
    baseline_metrics_.add(accumulate_metrics(t.coarse0, t.truth, s.owned, cols_, job_.data_range));
    no_change_metrics_.add(
        accumulate_metrics(no_change_image(t.in, job_), t.truth, s.owned, cols_, job_.data_range));
  }
  return rows_to_host(pred, s.owned.own_begin, s.owned.own_end);
}

StripPass::PanStrip StripPass::read_pan_strip(const Strip& s) {
  auto reg = profile_.region("fusion::read");
  PanStrip p;
  p.ms = load_rows(*in_.ms, s.lo, s.hi, "fusion::ms");
  p.pan3 = load_rows(*in_.pan, s.lo, s.hi, "fusion::pan");
  if (in_.pan_truth) p.pan_truth = load_rows(*in_.pan_truth, s.lo, s.hi, "fusion::pan_truth");
  p.pan = Kokkos::subview(p.pan3, 0, Kokkos::ALL, Kokkos::ALL);
  return p;
}

// The kernel `name` over the owned rows, timed and booked as one measurement; then SSIM's halo
// rows (timed apart, not booked, as STARFM's) and the metrics.
template <class Method>
std::vector<double> StripPass::sharpen(const char* name, KernelCost cost, const PanStrip& p,
                                       const Strip& s, SharpenTotals& totals,
                                       const Method& method) {
  Image sharp(std::string(name), p.ms.extent(0), size_t(s.read_rows()), size_t(cols_));
  Kokkos::deep_copy(sharp, NAN);
  const double pixels = double(s.owned.owned() * cols_);
  const double seconds = fenced_seconds([&] { method(sharp, s.owned); });
  profile_.add(name, seconds, cost, pixels);
  totals.seconds += seconds;
  totals.bytes += cost.bytes(pixels);
  if (in_.pan_truth) {
    {
      auto reg = profile_.region("fusion::pansharpen_ssim_halo");
      method(sharp, s.below);
      method(sharp, s.above);
    }
    auto reg = profile_.region("fusion::metrics");
    totals.metrics.add(accumulate_metrics(sharp, p.pan_truth, s.owned, cols_, job_.data_range));
  }
  return rows_to_host(sharp, s.owned.own_begin, s.owned.own_end);
}

void StripPass::pansharpen(const Strip& s, StripOutputs& out) {
  const PanStrip p = read_pan_strip(s);
  if (in_.pan_truth) {
    auto reg = profile_.region("fusion::metrics");
    ms_metrics_.add(accumulate_metrics(p.ms, p.pan_truth, s.owned, cols_, job_.data_range));
  }
  const int ms_bands = static_cast<int>(p.ms.extent(0));
  if (in_.brovey(job_))
    out.brovey = sharpen("fusion::brovey", brovey_cost(ms_bands), p, s, brovey_,
                         [&](const Image& sharp, const StripRows& rows) {
                           fusion::brovey(p.ms, p.pan, weights_, sharp, rows);
                         });
  if (in_.hpf(job_))
    out.hpf = sharpen("fusion::hpf", hpf_cost(ms_bands, job_.hpf_radius), p, s, hpf_,
                      [&](const Image& sharp, const StripRows& rows) {
                        fusion::hpf(p.ms, p.pan, job_.hpf_radius, job_.hpf_gain, sharp, rows);
                      });
}

void StripPass::finish(const mpi::Comm& comm, FusionResult& res) const {
  const auto& c = counts_;
  std::vector<double> cv = {double(c.outputs), double(c.centres),  double(c.tested),
                            double(c.similar), double(c.accepted), double(c.filled)};
  comm.allreduce_sum(cv);
  res.counts = {(long long)cv[0], (long long)cv[1], (long long)cv[2],
                (long long)cv[3], (long long)cv[4], (long long)cv[5]};
  res.starfm_flops = comm.allreduce_sum(StarfmFlops::total(counts_, pairs_));
  res.starfm_seconds = comm.allreduce_max(starfm_seconds_);
  res.brovey_seconds = comm.allreduce_max(brovey_.seconds);
  res.hpf_seconds = comm.allreduce_max(hpf_.seconds);
  res.brovey_bytes = comm.allreduce_sum(brovey_.bytes);
  res.hpf_bytes = comm.allreduce_sum(hpf_.bytes);
  res.starfm = starfm_metrics_.finish(comm, job_.resolution_ratio);
  res.baseline = baseline_metrics_.finish(comm, job_.resolution_ratio);
  res.no_change = no_change_metrics_.finish(comm, job_.resolution_ratio);
  res.brovey = brovey_.metrics.finish(comm, job_.pan_ratio);
  res.hpf = hpf_.metrics.finish(comm, job_.pan_ratio);
  res.ms_baseline = ms_metrics_.finish(comm, job_.pan_ratio);
}

}  // namespace karst::fusion
