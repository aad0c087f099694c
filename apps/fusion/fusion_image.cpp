#include "apps/fusion/fusion_image.hpp"

#include "apps/fusion/coarse_grid.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace karst::fusion {

namespace {

// Stored values from a file that states no scale, turned into reflectance with the
// configuration's scale and offset.
class ScaledReader final : public io::MultibandReader {
 public:
  ScaledReader(std::unique_ptr<io::MultibandReader> inner, double scale, double offset)
      : inner_(std::move(inner)), info_(inner_->info()) {
    info_.scale = scale;
    info_.offset = offset;
    info_.has_scale = true;
  }
  const io::MultibandInfo& info() const override { return info_; }
  void read_rows(long long row0, long long nrows, double* out) const override {
    inner_->read_rows(row0, nrows, out);
    const size_t n = size_t(info_.bands * nrows * info_.cols);
    for (size_t i = 0; i < n; ++i) out[i] = out[i] * info_.scale + info_.offset;  // NaN stays
  }

 private:
  std::unique_ptr<io::MultibandReader> inner_;
  io::MultibandInfo info_;
};

// A fine image whose masked pixels (every band) read as NaN: a mask raster (nonzero masks) or a
// QA band (any of the chosen bits set masks). Nodata in either file masks too.
class MaskedReader final : public io::MultibandReader {
 public:
  MaskedReader(std::unique_ptr<io::MultibandReader> image,
               std::unique_ptr<io::MultibandReader> mask, unsigned qa_bits)
      : image_(std::move(image)), mask_(std::move(mask)), qa_bits_(qa_bits) {}
  const io::MultibandInfo& info() const override { return image_->info(); }
  void read_rows(long long row0, long long nrows, double* out) const override {
    image_->read_rows(row0, nrows, out);
    const long long cols = info().cols, per_band = nrows * cols;
    std::vector<double> m(static_cast<size_t>(per_band));
    mask_->read_rows(row0, nrows, m.data());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (long long p = 0; p < per_band; ++p) {
      const bool masked = qa_bits_ ? qa_masked(m[size_t(p)], qa_bits_) : !(m[size_t(p)] == 0.0);
      if (!masked) continue;
      for (long long b = 0; b < info().bands; ++b) out[b * per_band + p] = nan;
    }
  }

 private:
  std::unique_ptr<io::MultibandReader> image_, mask_;
  unsigned qa_bits_;  // 0: a mask raster
};

bool same_value(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

// The configuration's scale/offset applied where the file states none; where it states one,
// the two must agree (a user's value never silently overrides the file's, nor the reverse).
std::unique_ptr<io::MultibandReader> scaled(std::unique_ptr<io::MultibandReader> r,
                                            const std::string& key, const ImageOptions& o) {
  if (!o.scale && !o.offset) return r;
  const auto& in = r->info();
  const double scale = o.scale.value_or(1.0), offset = o.offset.value_or(0.0);
  if (in.has_scale) {
    if (same_value(scale, in.scale) && same_value(offset, in.offset)) return r;
    throw Error(fmt::format("{}.{}", key, o.scale ? "scale" : "offset"),
                fmt::format("scale {} and offset {} contradict the scale {} and offset {} that {} "
                            "states; drop the key or fix the file",
                            scale, offset, in.scale, in.offset, in.source));
  }
  return std::make_unique<ScaledReader>(std::move(r), scale, offset);
}

std::unique_ptr<io::MultibandReader> open_mask(const std::string& file, const std::string& key,
                                               const io::MultibandInfo& image, bool qa) {
  auto m = io::open_multiband(file);
  const auto& i = m->info();
  if (i.bands != 1 || i.rows != image.rows || i.cols != image.cols)
    throw Error(i.source, fmt::format("{} '{}' for {} has {} band(s) x {} x {}; it needs 1 band "
                                      "x {} x {}",
                                      qa ? "QA band" : "mask", key, image.source, i.bands, i.rows,
                                      i.cols, image.rows, image.cols));
  const bool integer = i.type == io::SampleType::uint8 || i.type == io::SampleType::uint16 ||
                       i.type == io::SampleType::int16;
  if (qa && (!integer || i.scale != 1.0 || i.offset != 0.0))
    throw Error(i.source, fmt::format("QA band '{}' holds {} (scale {}, offset {}); QA bits need "
                                      "unscaled integers",
                                      key, io::sample_type_name(i.type), i.scale, i.offset));
  return m;
}

}  // namespace

unsigned qa_bit_mask(const std::vector<int>& bits, const std::string& key) {
  unsigned mask = 0;
  for (int b : bits) {
    if (b < 0 || b > 15) throw Error(key, fmt::format("QA bit {} is not in 0..15", b));
    mask |= 1u << unsigned(b);
  }
  if (mask == 0) throw Error(key, "lists no QA bit");
  return mask;
}

bool qa_masked(double qa, unsigned bit_mask) {
  if (!(qa >= 0.0 && qa <= 65535.0) || qa != std::floor(qa)) return true;
  return (static_cast<unsigned>(qa) & bit_mask) != 0;
}

std::unique_ptr<io::MultibandReader> open_fusion_image(const std::string& file,
                                                       const std::string& key, const FusionJob& job,
                                                       const io::MultibandInfo* onto_grid) {
  auto r = onto_grid != nullptr ? open_coarse_on_fine_grid(file, *onto_grid, job.coarse_resampling)
                                : io::open_multiband(file);
  const auto found = job.image_options.find(key);
  if (found == job.image_options.end()) return r;
  const ImageOptions& o = found->second;
  r = scaled(std::move(r), key, o);
  if (!o.mask.empty() && !o.qa.empty())
    throw Error(key, "give a mask or a QA band, not both (combine them into one mask)");
  if (!o.mask.empty()) {
    auto m = open_mask(o.mask, key + ".mask", r->info(), false);
    return std::make_unique<MaskedReader>(std::move(r), std::move(m), 0u);
  }
  if (!o.qa.empty()) {
    auto m = open_mask(o.qa, key + ".qa", r->info(), true);
    const unsigned bits = qa_bit_mask(o.qa_bits, key + ".qa_bits");
    return std::make_unique<MaskedReader>(std::move(r), std::move(m), bits);
  }
  return r;
}

}  // namespace karst::fusion
