// Configuration: typed reads with defaults, overrides, and errors that name file, line and key.
#include "apps/common/config.hpp"
#include "base/error.hpp"

#include "support/error_of.hpp"
#include "support/fuzz_corpus.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

using karst::Error;
using karst::apps::Config;
using karst::test::error_of;

TEST(Config, ReadsValuesAndDefaults) {
  auto c = Config::from_text("flood:\n  cfl: 0.4\n  steps: 12\n  name: storm\n", "storm.yaml");
  EXPECT_DOUBLE_EQ(c.get_double("flood.cfl", 0.9), 0.4);
  EXPECT_EQ(c.get_int("flood.steps", 1), 12);
  EXPECT_EQ(c.get_string("flood.name", ""), "storm");
  EXPECT_TRUE(c.get_bool("flood.gpu_aware", true));  // absent: default
  EXPECT_NO_THROW(c.reject_unknown());
  const auto eff = c.effective();
  EXPECT_DOUBLE_EQ(eff["flood"]["cfl"].get<double>(), 0.4);
  EXPECT_EQ(eff["flood"]["gpu_aware"].get<bool>(), true);
}

TEST(Config, OverridesWinAndCreateSections) {
  auto c = Config::from_text("flood:\n  cfl: 0.4\n", "storm.yaml");
  c.apply_override("flood.cfl=0.3");
  c.apply_override("routing.delta=2.5");
  EXPECT_DOUBLE_EQ(c.get_double("flood.cfl", 0.9), 0.3);
  EXPECT_DOUBLE_EQ(c.get_double("routing.delta", 1.0), 2.5);
  EXPECT_THROW(c.apply_override("no-equals-sign"), karst::UsageError);
}

TEST(Config, ErrorsNameFileLineAndKey) {
  auto c = Config::from_text("flood:\n  cfl: fast\n  steps: 1.5\n", "storm.yaml");
  const auto e1 = error_of([&] { c.get_double("flood.cfl", 0.5); });
  EXPECT_NE(e1.find("storm.yaml:2: key 'flood.cfl'"), std::string::npos) << e1;
  EXPECT_NE(e1.find("expected a number, got 'fast'"), std::string::npos) << e1;
  const auto e2 = error_of([&] { c.get_int("flood.steps", 1); });
  EXPECT_NE(e2.find("expected an integer, got '1.5'"), std::string::npos) << e2;
  auto r = Config::from_text("cfl: 1.5\n", "x.yaml");
  const auto e3 = error_of([&] { r.get_double_in("cfl", 0.5, 0.0, 1.0); });
  EXPECT_NE(e3.find("outside the valid range [0, 1]"), std::string::npos) << e3;
  const auto e4 = error_of([&] { r.get_choice("mode", "x", {"a", "b"}); });
  EXPECT_NE(e4.find("'x' is not one of: a, b"), std::string::npos) << e4;
}

TEST(Config, UnknownKeysAreErrors) {
  auto c = Config::from_text("flood:\n  cfl: 0.4\n  clf: 0.5\n", "typo.yaml");
  c.get_double("flood.cfl", 0.9);
  const auto e = error_of([&] { c.reject_unknown(); });
  EXPECT_NE(e.find("typo.yaml: unknown configuration key 'flood.clf'"), std::string::npos) << e;
}

TEST(Config, SyntaxErrorsGiveTheLine) {
  const auto e = error_of([] { Config::from_text("flood:\n  cfl: [0.4\n", "broken.yaml"); });
  EXPECT_NE(e.find("broken.yaml:"), std::string::npos) << e;
  EXPECT_NE(e.find("YAML syntax error"), std::string::npos) << e;
  EXPECT_NE(error_of([] { Config::from_text("- a\n- b\n", "list.yaml"); }).find("mapping"),
            std::string::npos);
}

// Configuration files that fuzz_config (tests/fuzz/) found to end in an exception other than
// karst::Error (exit code 3, "internal error") or in a hang; each is now a clear error at load.
TEST(Config, FuzzReproducersAreCleanErrors) {
  using karst::test::fuzz_corpus;
  auto expect = [](const std::string& msg, const std::string& needle) {
    EXPECT_NE(msg.find(needle), std::string::npos) << "'" << msg << "' lacks '" << needle << "'";
  };
  // A mapping as a key: sections() and reject_unknown() threw YAML::BadConversion.
  expect(
      error_of([&] { Config::from_file(fuzz_corpus("fuzz_config", "crash_mapping_as_key.yaml")); }),
      "crash_mapping_as_key.yaml:1:1: a key must be a plain name");
  expect(error_of([] { Config::from_text("flood:\n  ~: 1\n", "null.yaml"); }),
         "null.yaml:2:3: a key must be a plain name");
  // Bytes that are not UTF-8: the effective configuration could not be written as JSON
  // (nlohmann::json::type_error from the run record).
  expect(
      error_of([&] { Config::from_file(fuzz_corpus("fuzz_config", "crash_invalid_utf8.yaml")); }),
      "crash_invalid_utf8.yaml:3:15: text is not valid UTF-8");
  auto c = Config::from_text("", "empty.yaml");
  const std::string bad_key = "fusion.pairs.\xff=";  // crash_override_key_not_utf8.yaml's --set
  EXPECT_THROW(c.apply_override(bad_key), karst::UsageError);
  // --set values go through the same checks as the file.
  expect(error_of([&] { c.apply_override("flood.gauges={[1, 2]: x}"); }),
         "--set flood.gauges={[1, 2]: x}:1:2: a key must be a plain name");
  EXPECT_EQ(Config::from_text("flood: {name: \"Gui'an \xe8\xb4\xb5\xe5\xb7\x9e\"}", "u.yaml")
                .get_string("flood.name", ""),
            "Gui'an \xe8\xb4\xb5\xe5\xb7\x9e");
  // Eight nested aliases of ten keys each: 706 bytes that reject_unknown() walked as 10^8 keys.
  expect(
      error_of([&] { Config::from_file(fuzz_corpus("fuzz_config", "hang_alias_expansion.yaml")); }),
      "more than 100000 values once aliases are expanded");
  // An alias inside its own anchor is a cycle to yaml-cpp: reject_unknown() recursed until the
  // stack overflowed.
  expect(error_of([&] { Config::from_file(fuzz_corpus("fuzz_config", "crash_alias_cycle.yaml")); }),
         "nested more than 64 levels deep (is an alias inside its own anchor?)");
}

// Issue 20, defect 3: a relative path in a config file is resolved from the file's folder, one
// given with --set from the current directory; absolute paths are kept; a missing input names
// the resolved path and says which folder it was resolved from.
TEST(Config, RelativePathsResolveFromTheConfigFilesFolder) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "karst_test_config_paths";
  fs::create_directories(dir / "images");
  { std::ofstream(dir / "images" / "fine.hdr") << "x"; }
  {
    std::ofstream(dir / "run.yaml") << "fusion:\n  predict:\n    coarse: images/fine.hdr\n"
                                       "    truth: images/missing.hdr\n"
                                       "  pairs: [{fine: images/fine.hdr}]\n";
  }
  auto c = Config::from_file((dir / "run.yaml").string());
  EXPECT_EQ(c.get_path("fusion.predict.coarse"), (dir / "images" / "fine.hdr").string());
  EXPECT_EQ(c.resolve_path("fusion.pairs", "images/fine.hdr:band", "fusion.pairs[0].fine"),
            (dir / "images" / "fine.hdr:band").string());
  const auto e = error_of([&] { c.get_path("fusion.predict.truth"); });
  EXPECT_NE(e.find((dir / "images" / "missing.hdr").string() + ": file does not exist"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("relative to the folder of " + (dir / "run.yaml").string()), std::string::npos)
      << e;
  // --set: from the current directory, and the error says so.
  c.apply_override("fusion.predict.truth=nope_here.hdr");
  const auto s = error_of([&] { c.get_path("fusion.predict.truth"); });
  EXPECT_NE(s.find("nope_here.hdr: file does not exist"), std::string::npos) << s;
  EXPECT_NE(s.find("relative to the current directory"), std::string::npos) << s;
  EXPECT_EQ(s.find(dir.string() + "/nope_here"), std::string::npos) << s;
  // Absolute paths are kept as they are; outputs are resolved but not checked.
  c.apply_override("fusion.predict.coarse=" + (dir / "images" / "fine.hdr").string());
  EXPECT_EQ(c.get_path("fusion.predict.coarse"), (dir / "images" / "fine.hdr").string());
  EXPECT_EQ(Config::from_file((dir / "run.yaml").string())
                .get_path("fusion.predict.truth", "", /*input=*/false),
            (dir / "images" / "missing.hdr").string());
  fs::remove_all(dir);
}
