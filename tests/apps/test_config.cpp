// Configuration: typed reads with defaults, overrides, and errors that name file, line and key.
#include "apps/common/config.hpp"
#include "kernels/common/error.hpp"

#include "support/error_of.hpp"

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
