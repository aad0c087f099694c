#include "apps/fusion/fusion_config.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <regex>

namespace karst::fusion {

namespace {

// Days from 1970-01-01 to a civil date (H. Hinnant's algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::string entry_string(const YAML::Node& n, const char* key, const std::string& where,
                         bool required = true) {
  if (!n[key]) {
    if (required) throw Error(where, fmt::format("needs '{}'", key));
    return "";
  }
  try {
    return n[key].as<std::string>();
  } catch (const YAML::Exception&) {
    throw Error(where + "." + key, "expected a text value");
  }
}

void reject_other_keys(const YAML::Node& n, const std::vector<std::string>& known,
                       const std::string& where) {
  for (auto it = n.begin(); it != n.end(); ++it) {
    const auto key = it->first.as<std::string>();
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw Error(where, "unknown key '" + key + "'");
  }
}

// Issue 20: an image is a file name or a mapping {file, scale, offset}; a fine image's may also
// name a mask raster or a QA band (qa, qa_bits). What it says besides the file goes to
// job.image_options[label], label being the image's key ("fusion.pairs[0].fine").
double entry_number(const YAML::Node& n, const char* key, const std::string& where) {
  double v = 0;
  try {
    v = n[key].as<double>();
  } catch (const YAML::Exception&) {
    throw Error(where, fmt::format("'{}' expected a number", key));
  }
  if (!std::isfinite(v)) throw Error(where, fmt::format("'{}' must be finite", key));
  return v;
}

void parse_mask_options(const apps::Config& c, const YAML::Node& n, const std::string& node_key,
                        const std::string& label, const std::string& where, ImageOptions& o) {
  if (n["mask"]) o.mask = c.resolve_path(node_key, entry_string(n, "mask", where), label + ".mask");
  if (n["qa"]) o.qa = c.resolve_path(node_key, entry_string(n, "qa", where), label + ".qa");
  if (n["qa_bits"] && o.qa.empty()) throw Error(where, "'qa_bits' needs 'qa' (the QA band)");
  if (o.qa.empty()) return;
  o.qa_bits = {0, 1, 2, 3, 4};  // QA_PIXEL: fill, dilated cloud, cirrus, cloud, cloud shadow
  if (n["qa_bits"]) {
    try {
      o.qa_bits = n["qa_bits"].as<std::vector<int>>();
    } catch (const YAML::Exception&) {
      throw Error(where, "'qa_bits' expected a list of bit numbers such as [0, 1, 2, 3, 4]");
    }
  }
}

std::string parse_image_entry(const apps::Config& c, const YAML::Node& n,
                              const std::string& node_key, const std::string& label, bool fine,
                              FusionJob& job) {
  const std::string where = fmt::format("{}: key '{}'", c.origin(), label);
  if (!n.IsMap()) {
    if (!n.IsScalar()) throw Error(where, "expected a file name or {file: ..., scale: ...}");
    return c.resolve_path(node_key, n.as<std::string>(), label);
  }
  reject_other_keys(
      n,
      fine ? std::vector<std::string>{"file", "scale", "offset", "mask", "qa", "qa_bits"}
           : std::vector<std::string>{"file", "scale", "offset"},
      where);
  ImageOptions o;
  if (n["scale"]) o.scale = entry_number(n, "scale", where);
  if (o.scale && *o.scale == 0.0)
    throw Error(fmt::format("{}: key '{}.scale'", c.origin(), label), "must not be 0");
  if (n["offset"]) o.offset = entry_number(n, "offset", where);
  if (fine) parse_mask_options(c, n, node_key, label, where, o);
  job.image_options[label] = o;
  return c.resolve_path(node_key, entry_string(n, "file", where), label + ".file");
}

// An optional image key outside the pairs ("fusion.predict.truth"): "" when absent.
std::string image_key(const apps::Config& c, const std::string& key, FusionJob& job) {
  const YAML::Node n = c.get_node(key);
  if (!n.IsDefined() || n.IsNull()) return "";
  return parse_image_entry(c, n, key, key, false, job);
}

void parse_starfm_settings(const apps::Config& c, FusionJob& job) {
  auto& p = job.starfm;
  const long long window = c.get_int_in("fusion.starfm.window", 2 * p.radius + 1, 3, 301);
  if (window % 2 == 0)
    throw Error(c.origin() + ": key 'fusion.starfm.window'", "must be odd (a centre pixel)");
  p.radius = static_cast<int>(window / 2);
  p.num_classes = c.get_double_in("fusion.starfm.num_classes", p.num_classes, 1.0, 1000.0);
  p.dn_per_unit = c.get_double_in("fusion.starfm.dn_per_unit", p.dn_per_unit, 1e-6, 1e9);
  p.fine_uncertainty =
      c.get_double_in("fusion.starfm.fine_uncertainty_dn", p.fine_uncertainty, 0, 1e9);
  p.coarse_uncertainty =
      c.get_double_in("fusion.starfm.coarse_uncertainty_dn", p.coarse_uncertainty, 0, 1e9);
  p.distance_scale = c.get_double_in("fusion.starfm.distance_scale_px", 0.0, 0.0, 1e6);
  const auto kernel = c.get_choice("fusion.starfm.kernel", "team", {"flat", "team"});
  job.kernel = kernel == "team" ? fusion::StarfmKernel::team : fusion::StarfmKernel::flat;
  job.planted_slowdown =
      static_cast<int>(c.get_int_in("fusion.starfm.planted_slowdown", 1, 1, 100));
}

// What every method shares: ERGAS's pixel-size ratio, the fill value, SSIM's range, the strips.
void parse_run_settings(const apps::Config& c, FusionJob& job) {
  job.resolution_ratio =
      c.get_double_in("fusion.resolution_ratio", job.resolution_ratio, 1e-6, 1.0);
  job.fill_value = c.get_double("fusion.fill_value", job.fill_value);
  // SSIM's L: reflectance's span 0..1. Every image is reflectance once read (issue 20), whatever
  // its file stores, so this never needs setting by hand.
  job.data_range = c.get_double_in("fusion.ssim_data_range", 1.0, 1e-9, 1e9);
  job.tile_rows = c.get_int_in("fusion.tile_rows", job.tile_rows, 1, 1LL << 30);
}

void parse_pansharpen_settings(const apps::Config& c, FusionJob& job) {
  job.hpf_radius =
      static_cast<int>(c.get_int_in("fusion.pansharpen.hpf_radius", job.hpf_radius, 1, 64));
  job.hpf_gain = c.get_double_in("fusion.pansharpen.hpf_gain", job.hpf_gain, 0.0, 100.0);
  job.pan_ratio = c.get_double_in("fusion.pansharpen.ratio", job.pan_ratio, 1e-6, 1.0);
  const YAML::Node w = c.get_node("fusion.pansharpen.weights");
  if (w.IsDefined() && !w.IsNull()) {
    try {
      job.brovey_weights = w.as<std::vector<double>>();
    } catch (const YAML::Exception&) {
      throw Error(c.origin() + ": key 'fusion.pansharpen.weights'", "expected a list of numbers");
    }
  }
}

// `fusion.methods`, when given, switches on exactly the methods it lists.
void parse_methods(const apps::Config& c, FusionJob& job) {
  const YAML::Node methods = c.get_node("fusion.methods");
  if (!methods.IsDefined() || methods.IsNull()) return;
  std::vector<std::string> list;
  try {
    list = methods.as<std::vector<std::string>>();
  } catch (const YAML::Exception&) {
    throw Error(c.origin() + ": key 'fusion.methods'", "expected a list such as [starfm, brovey]");
  }
  job.starfm_enabled = job.brovey_enabled = job.hpf_enabled = false;
  for (const auto& m : list) {
    if (m == "starfm")
      job.starfm_enabled = true;
    else if (m == "brovey")
      job.brovey_enabled = true;
    else if (m == "hpf")
      job.hpf_enabled = true;
    else
      throw Error(c.origin() + ": key 'fusion.methods'",
                  "unknown method '" + m + "' (starfm, brovey, hpf)");
  }
}

FieldsSettings parse_fields_scenario(const apps::Config& c) {
  FieldsSettings f;
  const double size = c.get_double_in("fusion.size", 1.0, 0.05, 64.0);
  f.size = std::max<long long>(1, std::llround(48.0 * size)) * 16;
  f.seed = static_cast<unsigned>(c.get_int_in("fusion.seed", 2026, 0, (1LL << 31) - 1));
  f.clouds = c.get_bool("fusion.clouds", true);
  return f;
}

std::vector<ImagePair> parse_pairs(const apps::Config& c, FusionJob& job) {
  const YAML::Node pairs = c.get_node("fusion.pairs");
  const std::string at = c.origin() + ": key 'fusion.pairs";
  if (!pairs.IsSequence() || pairs.size() == 0 || pairs.size() > 2)
    throw Error(at + "'", "expected a list of 1 or 2 entries {fine, coarse, date}");
  std::vector<ImagePair> list;
  for (size_t k = 0; k < pairs.size(); ++k) {
    const std::string where = fmt::format("{}[{}]'", at, k);
    if (!pairs[k].IsMap()) throw Error(where, "expected {fine: ..., coarse: ..., date: ...}");
    reject_other_keys(pairs[k], {"fine", "coarse", "date"}, where);
    const auto path = [&](const char* key) {
      if (!pairs[k][key]) throw Error(where, fmt::format("needs '{}'", key));
      return parse_image_entry(c, pairs[k][key], "fusion.pairs",
                               fmt::format("fusion.pairs[{}].{}", k, key),
                               std::string(key) == "fine", job);
    };
    const long long day =
        parse_day(entry_string(pairs[k], "date", where), fmt::format("fusion.pairs[{}].date", k));
    list.push_back({path("fine"), path("coarse"), day});
  }
  return list;
}

// A `files` run: the user's images and dates.
void parse_input_files(const apps::Config& c, FusionJob& job) {
  job.pairs = parse_pairs(c, job);
  job.coarse0 = image_key(c, "fusion.predict.coarse", job);
  if (job.coarse0.empty())
    throw Error(c.origin() + ": key 'fusion.predict.coarse'",
                "the coarse image at the "
                "prediction date is required");
  const auto date = c.get_string("fusion.predict.date", "");
  if (date.empty())
    throw Error(c.origin() + ": key 'fusion.predict.date'", "the prediction date is required");
  job.day0 = parse_day(date, "fusion.predict.date");
  job.truth = image_key(c, "fusion.predict.truth", job);
  job.coarse_resampling =
      c.get_choice("fusion.coarse_resampling", "average", {"average", "bilinear"}) == "bilinear"
          ? io::Resampling::bilinear
          : io::Resampling::average;
  job.pan = image_key(c, "fusion.pansharpen.pan", job);
  job.ms = image_key(c, "fusion.pansharpen.ms", job);
  job.pan_truth = image_key(c, "fusion.pansharpen.truth", job);
  if (job.pan.empty() != job.ms.empty())
    throw Error(c.origin() + ": key 'fusion.pansharpen'", "needs both pan and ms");
}

}  // namespace

long long parse_day(const std::string& text, const std::string& key) {
  static const std::regex iso(R"((\d{4})-(\d{2})-(\d{2}))"), number(R"(-?\d+)");
  std::smatch m;
  if (std::regex_match(text, m, iso)) {
    const long long y = std::stoll(m[1]);
    const unsigned mo = unsigned(std::stoul(m[2])), d = unsigned(std::stoul(m[3]));
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
      throw Error(key, "'" + text + "' is not a valid date (YYYY-MM-DD)");
    return days_from_civil(y, mo, d);
  }
  if (std::regex_match(text, number)) return std::stoll(text);
  throw Error(key, "'" + text + "' is not a date: write YYYY-MM-DD or a day number");
}

FusionConfig parse_fusion_config(const apps::Config& config) {
  FusionConfig fc;
  fc.scenario =
      config.get_choice("fusion.scenario", config.has("fusion.pairs") ? "files" : "guizhou-fields",
                        {"guizhou-fields", "files"});
  if (fc.scenario == "guizhou-fields") {
    fc.fields = parse_fields_scenario(config);
    fields_method_defaults(fc.job);
  } else {
    parse_input_files(config, fc.job);
  }
  // The methods' settings apply alike to both scenarios (the built-in one fixes only inputs).
  parse_starfm_settings(config, fc.job);
  parse_run_settings(config, fc.job);
  parse_pansharpen_settings(config, fc.job);
  parse_methods(config, fc.job);
  config.reject_unknown("fusion");
  return fc;
}

}  // namespace karst::fusion
