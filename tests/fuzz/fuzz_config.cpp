// libFuzzer target: configuration files (YAML) and --set overrides, apps::Config. The input is
// the file's text, optionally followed by a NUL byte and one `key=value` override per line. The
// getters are those the workloads call, on keys the seeds and the dictionary use.
#include "apps/common/config.hpp"
#include "parser_contract.hpp"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using karst::fuzz::expect_result_or_karst_error;
  const auto input = karst::fuzz::as_text(data, size);
  const auto nul = input.find('\0');
  karst::apps::Config c;
  bool parsed = false;
  expect_result_or_karst_error([&] {
    c = karst::apps::Config::from_text(input.substr(0, nul), "fuzz.yaml");
    parsed = true;
  });
  if (!parsed) return 0;
  if (nul != std::string::npos) {
    std::istringstream overrides(input.substr(nul + 1));
    for (std::string line; std::getline(overrides, line);)
      expect_result_or_karst_error([&] { c.apply_override(line); });
  }
  // Each read on its own: one refused key must not hide what the next one does.
  expect_result_or_karst_error([&] { c.get_double_in("flood.cfl", 0.45, 1e-6, 1.0); });
  expect_result_or_karst_error([&] { c.get_double("flood.t_end_s", 3600.0); });
  expect_result_or_karst_error([&] { c.get_int_in("fusion.starfm.window", 31, 3, 201); });
  expect_result_or_karst_error([&] { c.get_int("routing.source", 1); });
  expect_result_or_karst_error([&] { c.get_bool("flood.quiet", false); });
  expect_result_or_karst_error([&] { c.get_string("flood.dem.file", "dem.asc"); });
  expect_result_or_karst_error([&] { c.get_choice("routing.mode", "tables", {"tables", "sssp"}); });
  expect_result_or_karst_error([&] { c.has("fusion.pairs"); });
  expect_result_or_karst_error([&] { c.get_node("flood.gauges"); });
  expect_result_or_karst_error([&] { c.get_node("fusion.pairs"); });
  expect_result_or_karst_error([&] { c.sections(); });
  expect_result_or_karst_error([&] { c.reject_unknown("flood"); });
  expect_result_or_karst_error([&] { c.reject_unknown(); });
  // The run record stores the effective configuration.
  expect_result_or_karst_error([&] { (void)c.effective().dump(); });
  return 0;
}
