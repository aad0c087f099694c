// The land-cover class table: every class's own spectrum is classified as that class, the kernel
// and the host agree and map each class to its table row's Manning's n and infiltration, and bad
// tables are errors that name the key, the entry and the field.
#include "apps/common/config.hpp"
#include "apps/stormday/county_imagery.hpp"
#include "apps/stormday/landcover_classes.hpp"
#include "base/error.hpp"
#include "kernels/fusion/land_cover.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace karst;
using namespace karst::stormday;

namespace {

double ndvi_of(const Spectrum& s) {
  return (s[3] - s[2]) / (s[3] + s[2]);
}
double brightness_of(const Spectrum& s) {
  return (s[0] + s[1] + s[2]) / 3.0;
}

//! The message of the karst::Error that parsing `yaml` throws ("" if none).
std::string parse_error(const std::string& yaml) {
  try {
    parse_class_table(apps::Config::from_text(yaml, "day.yaml"));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(LandcoverClasses, EachCoverSpectrumIsItsOwnClass) {
  const ClassTable t = default_class_table();
  for (int c = 0; c < kCoverCount; ++c) {
    const Cover cover = Cover(c);
    const Spectrum s = nominal_spectrum(cover);
    const int k = t.classify(ndvi_of(s), brightness_of(s));
    ASSERT_GE(k, 0);
    EXPECT_EQ(t.classes[size_t(k)].name, cover_name(cover))
        << "NDVI " << ndvi_of(s) << ", brightness " << brightness_of(s);
  }
  // The signatures the issue asks for: water below 0, bare karst ~0.1 and bright, built-up
  // 0.1-0.2 and darker, crops 0.4-0.7, forest ~0.8.
  EXPECT_LT(ndvi_of(nominal_spectrum(Cover::water)), 0.0);
  EXPECT_NEAR(ndvi_of(nominal_spectrum(Cover::bare_karst)), 0.12, 0.05);
  EXPECT_GT(brightness_of(nominal_spectrum(Cover::bare_karst)),
            2.0 * brightness_of(nominal_spectrum(Cover::built_up)));
  EXPECT_NEAR(ndvi_of(nominal_spectrum(Cover::built_up)), 0.15, 0.05);
  EXPECT_GT(ndvi_of(nominal_spectrum(Cover::cropland)), 0.4);
  EXPECT_LT(ndvi_of(nominal_spectrum(Cover::cropland)), 0.7);
  EXPECT_NEAR(ndvi_of(nominal_spectrum(Cover::forest)), 0.8, 0.05);
}

TEST(LandcoverClasses, FirstMatchWinsAndFallback) {
  const ClassTable t = default_class_table();
  const int crop = t.index_of("cropland"), water = t.index_of("water");
  EXPECT_EQ(t.fallback, crop);
  EXPECT_EQ(t.classify(NAN, 0.1), crop);  // STARFM fill
  EXPECT_EQ(t.classify(-0.5, 0.5), t.index_of("bare_karst"));
  EXPECT_EQ(t.classify(-0.5, 0.05), water);
  // NDVI 0 with a dark surface is on both water's and built-up's edge: water comes first.
  EXPECT_EQ(t.classify(0.0, 0.05), water);
  // A bright, green pixel: cropland's brightness range is open, forest's is not.
  EXPECT_EQ(t.classify(0.85, 0.3), crop);
  EXPECT_EQ(t.classify(0.85, 0.03), t.index_of("forest"));
}

TEST(LandcoverClasses, KernelMatchesHostAndLooksUpTheTable) {
  const ClassTable t = default_class_table();
  const auto table = t.kernel_table();
  // A strip of pixels sweeping NDVI and brightness across every edge, plus a missing one.
  const long long cols = 401;
  fusion::Image img("img", 4, 3, cols);
  auto h = Kokkos::create_mirror_view(img);
  for (long long i = 0; i < 3; ++i)
    for (long long j = 0; j < cols; ++j) {
      const double red = 0.02 + 0.3 * double(j) / double(cols), nir = 0.05 + 0.1 * double(i);
      h(0, i, j) = 0.05 * double(i + 1);
      h(1, i, j) = 0.04 + 0.0002 * double(j);
      h(2, i, j) = red;
      h(3, i, j) = nir;
    }
  h(3, 1, 7) = NAN;
  Kokkos::deep_copy(img, h);
  fusion::Image out("out", fusion::kLandCoverPlanes, 3, cols);
  fusion::land_cover(img, fusion::SpectralBands{}, table, out);
  const auto o = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), out);
  int seen[fusion::kMaxLandClasses] = {};
  for (long long i = 0; i < 3; ++i)
    for (long long j = 0; j < cols; ++j) {
      const double v = (h(3, i, j) - h(2, i, j)) / (h(3, i, j) + h(2, i, j));
      const double b = (h(0, i, j) + h(1, i, j) + h(2, i, j)) / 3.0;
      const int k = int(o(fusion::kClassPlane, i, j));
      EXPECT_EQ(k, t.classify(v, b)) << i << "," << j;
      ASSERT_TRUE(k >= 0 && k < int(t.classes.size()));
      ++seen[k];
      EXPECT_EQ(o(fusion::kManningPlane, i, j), t.classes[size_t(k)].manning);
      EXPECT_EQ(o(fusion::kInfilPlane, i, j), t.classes[size_t(k)].infiltration_mm_per_h);
    }
  EXPECT_TRUE(std::isnan(o(fusion::kNdviPlane, 1, 7)));
  EXPECT_EQ(int(o(fusion::kClassPlane, 1, 7)), t.fallback);
  for (size_t k = 0; k < t.classes.size(); ++k) EXPECT_GT(seen[k], 0) << t.classes[k].name;
}

TEST(LandcoverClasses, ParsesATableFromTheConfig) {
  const auto cfg = apps::Config::from_text(R"(
stormday:
  landcover:
    fallback: grass
    classes:
      - {name: river, ndvi_max: 0.0, manning: 0.03, infiltration_mm_per_h: 0}
      - {name: grass, ndvi_min: 0.0, manning: 0.05, infiltration_mm_per_h: 8, colour: "#00ff00"}
)",
                                           "day.yaml");
  const ClassTable t = parse_class_table(cfg);
  ASSERT_EQ(t.classes.size(), 2u);
  EXPECT_EQ(t.classes[0].name, "river");
  EXPECT_EQ(t.classes[0].ndvi_min, -1.0);  // omitted ranges take everything
  EXPECT_EQ(t.classes[1].brightness_max, 1.0);
  EXPECT_EQ(t.classes[1].colour, "#00ff00");
  EXPECT_EQ(t.fallback, 1);
  EXPECT_EQ(t.classify(-0.2, 0.1), 0);
  EXPECT_NO_THROW(cfg.reject_unknown("stormday"));
  // Without the key, the default table.
  EXPECT_EQ(parse_class_table(apps::Config()).classes.size(), default_class_table().classes.size());
}

TEST(LandcoverClasses, BadTablesNameKeyEntryAndField) {
  const std::string head = "stormday:\n  landcover:\n    classes:\n";
  const std::string ok0 = "      - {name: a, manning: 0.03, infiltration_mm_per_h: 1}\n";
  auto has = [](const std::string& msg, const std::string& part) {
    return msg.find(part) != std::string::npos;
  };
  std::string m =
      parse_error(head + ok0 + "      - {name: b, manning_n: 0.03, infiltration_mm_per_h: 1}\n");
  EXPECT_TRUE(has(m, "day.yaml:5: key 'stormday.landcover.classes[1].manning_n'")) << m;
  EXPECT_TRUE(has(m, "unknown field")) << m;

  m = parse_error(head +
                  "      - {name: a, ndvi_min: 0.5, ndvi_max: 0.2, manning: 0.03, "
                  "infiltration_mm_per_h: 1}\n");
  EXPECT_TRUE(has(m, "stormday.landcover.classes[0].ndvi_min'")) << m;
  EXPECT_TRUE(has(m, "0.5 > ndvi_max (0.2)")) << m;

  m = parse_error(head + ok0 + "      - {name: b, manning: -0.01, infiltration_mm_per_h: 1}\n");
  EXPECT_TRUE(has(m, "stormday.landcover.classes[1].manning'")) << m;
  EXPECT_TRUE(has(m, "outside [0, 1)")) << m;

  m = parse_error(head + "      - {manning: 0.03, infiltration_mm_per_h: 1}\n");
  EXPECT_TRUE(has(m, "stormday.landcover.classes[0]'")) << m;
  EXPECT_TRUE(has(m, "needs 'name'")) << m;

  m = parse_error(head + "      - {name: a, manning: 0.03}\n");
  EXPECT_TRUE(has(m, "needs 'infiltration_mm_per_h'")) << m;

  m = parse_error(head + "      - {name: a, manning: rough, infiltration_mm_per_h: 1}\n");
  EXPECT_TRUE(has(m, "classes[0].manning'")) << m;
  EXPECT_TRUE(has(m, "expected a number, got 'rough'")) << m;

  m = parse_error(head + ok0 + ok0);
  EXPECT_TRUE(has(m, "classes[1].name'")) << m;
  EXPECT_TRUE(has(m, "names an earlier class")) << m;

  m = parse_error(head +
                  "      - {name: a, manning: 0.03, infiltration_mm_per_h: 1, colour: red}\n");
  EXPECT_TRUE(has(m, "classes[0].colour'")) << m;

  m = parse_error(head + ok0 + "    fallback: cropland\n");
  EXPECT_TRUE(has(m, "key 'stormday.landcover.fallback'")) << m;
  EXPECT_TRUE(has(m, "'cropland' is not a class of the table")) << m;

  m = parse_error("stormday:\n  landcover:\n    classes: {name: a}\n");
  EXPECT_TRUE(has(m, "key 'stormday.landcover.classes'")) << m;
  EXPECT_TRUE(has(m, "expected a list")) << m;
}
