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
  const auto kernel = c.get_choice("fusion.starfm.kernel", "flat", {"flat", "team"});
  job.kernel = kernel == "team" ? fusion::StarfmKernel::team : fusion::StarfmKernel::flat;
  job.planted_slowdown =
      static_cast<int>(c.get_int_in("fusion.starfm.planted_slowdown", 1, 1, 100));
}

// What every method shares: ERGAS's pixel-size ratio, the fill value, SSIM's range, the strips.
void parse_run_settings(const apps::Config& c, FusionJob& job) {
  job.resolution_ratio =
      c.get_double_in("fusion.resolution_ratio", job.resolution_ratio, 1e-6, 1.0);
  job.fill_value = c.get_double("fusion.fill_value", job.fill_value);
  // SSIM's L: reflectance's span 0..1, i.e. 10000 DN, in the images' stored unit (issue 20: it
  // no longer needs setting by hand when the images are DN, dn_per_unit 1).
  const double reflectance_span = 10000.0 / job.starfm.dn_per_unit;
  job.data_range = c.get_double_in("fusion.ssim_data_range", reflectance_span, 1e-9, 1e9);
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

std::vector<ImagePair> parse_pairs(const apps::Config& c) {
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
      return c.resolve_path("fusion.pairs", entry_string(pairs[k], key, where),
                            fmt::format("fusion.pairs[{}].{}", k, key));
    };
    const long long day =
        parse_day(entry_string(pairs[k], "date", where), fmt::format("fusion.pairs[{}].date", k));
    list.push_back({path("fine"), path("coarse"), day});
  }
  return list;
}

// A `files` run: the user's images and dates.
void parse_input_files(const apps::Config& c, FusionJob& job) {
  job.pairs = parse_pairs(c);
  job.coarse0 = c.get_path("fusion.predict.coarse");
  if (job.coarse0.empty())
    throw Error(c.origin() + ": key 'fusion.predict.coarse'",
                "the coarse image at the "
                "prediction date is required");
  const auto date = c.get_string("fusion.predict.date", "");
  if (date.empty())
    throw Error(c.origin() + ": key 'fusion.predict.date'", "the prediction date is required");
  job.day0 = parse_day(date, "fusion.predict.date");
  job.truth = c.get_path("fusion.predict.truth");
  job.coarse_resampling =
      c.get_choice("fusion.coarse_resampling", "average", {"average", "bilinear"}) == "bilinear"
          ? io::Resampling::bilinear
          : io::Resampling::average;
  job.pan = c.get_path("fusion.pansharpen.pan");
  job.ms = c.get_path("fusion.pansharpen.ms");
  job.pan_truth = c.get_path("fusion.pansharpen.truth");
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
