#include "apps/fusion/fusion_memory.hpp"

#include "apps/fusion/strip_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace karst::fusion {

namespace {

constexpr long long kFieldsStrip = 256;     // scenario_fields.cpp: 16 coarse blocks of 16 rows
constexpr long long kFieldsBands = 4;       // blue, green, red, near infrared
constexpr double kFieldsImages = 7 + 0.25;  // seven 4-band images and the pan band
constexpr double kFieldsTruths = 3 * 4;     // truth at three dates, 4 bands, on the aligned rows

// The largest block of rows mpi::block_of gives a rank.
long long rows_per_rank(long long rows, int ranks) {
  return (rows + std::max(1, ranks) - 1) / std::max(1, ranks);
}

}  // namespace

apps::MemoryNeed pipeline_memory_need(const FusionJob& job, const FusionImages& im, int ranks) {
  const long long own =
      std::min(std::max<long long>(1, job.tile_rows), rows_per_rank(im.rows, ranks));
  const long long halo = strip_halo(job);
  const double strip = double(std::min(im.rows, own + 2 * halo)), owned = double(own);
  // One band of a strip (with its halo) or of the owned rows, in doubles.
  const double band = strip * double(im.cols) * 8.0, owned_band = owned * double(im.cols) * 8.0;
  apps::MemoryNeed starfm, pan;
  if (job.starfm_enabled && im.pairs > 0) {
    // Fine and coarse of every pair, coarse at t0, truth and the prediction on the device; the
    // rows being read, the owned prediction copied out and encoded for the writer on the host.
    const double images = 2.0 * im.pairs + 2 + (im.truth ? 1 : 0);
    starfm.device_bytes = double(im.bands) * (images * band + owned_band);
    starfm.host_bytes = double(im.bands) * (1.5 * band + 2 * owned_band);
  }
  if (im.pan && (job.brovey_enabled || job.hpf_enabled)) {
    // ms, pan, pan truth and one output per method on the device; their owned rows on the host,
    // beside the STARFM rows of the same strip waiting to be written.
    const double methods = (job.brovey_enabled ? 1 : 0) + (job.hpf_enabled ? 1 : 0);
    const double images = 1 + (im.pan_truth ? 1 : 0) + methods;
    pan.device_bytes = double(im.ms_bands) * (images * band + owned_band) + band;
    pan.host_bytes =
        double(im.ms_bands) * (1.5 * band + 2 * methods * owned_band) + starfm.host_bytes;
  }
  const bool starfm_more =
      starfm.host_bytes + starfm.device_bytes >= pan.host_bytes + pan.device_bytes;
  apps::MemoryNeed need = starfm_more ? starfm : pan;
  need.host_bytes += apps::kProcessBytes;
  need.basis = fmt::format(
      "strips of {} + 2 x {} halo rows x {} columns, {} band(s){}", own, halo, im.cols,
      starfm_more ? im.bands : im.ms_bands,
      starfm_more ? fmt::format(", {} STARFM pair(s)", im.pairs) : std::string(", pansharpening"));
  need.remedy = "use a smaller fusion.tile_rows or more ranks";
  return need;
}

apps::MemoryNeed fields_memory_need(const FusionJob& job, long long size, int ranks) {
  FusionImages im;
  im.rows = im.cols = size;
  im.bands = im.ms_bands = kFieldsBands;
  im.pairs = 2;
  im.truth = im.pan = im.pan_truth = true;
  auto need = pipeline_memory_need(job, im, ranks);
  // Generating: the truth of three dates on the strip's rows (aligned to 16), every output image
  // of the owned rows in doubles and once more encoded as int16 for the writer.
  const long long own = std::min(kFieldsStrip, rows_per_rank(size, ranks));
  const double generate =
      8.0 * double(size) *
      (kFieldsTruths * double(own + 16) + kFieldsImages * kFieldsBands * double(own) * 1.25);
  if (apps::kProcessBytes + generate > need.host_bytes + need.device_bytes) {
    need = {apps::kProcessBytes + generate, 0.0,
            fmt::format("generating strips of {} rows x {} columns: 3 truth dates and 8 images of "
                        "4 bands",
                        own, size)};
    need.remedy = "use a smaller fusion.size or more ranks";
  }
  return need;
}

}  // namespace karst::fusion
