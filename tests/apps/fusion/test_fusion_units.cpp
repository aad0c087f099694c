// Issue 20: every fusion image in reflectance whatever its file stores (defect 1), and cloud/QA
// masks that keep masked pixels out of every STARFM window (feature 1), against known answers.
#include "apps/fusion/fusion_image.hpp"
#include "apps/fusion/fusion_pipeline.hpp"
#include "apps/fusion/reflectance_check.hpp"
#include "apps/fusion/scenario_fields.hpp"
#include "base/error.hpp"
#include "io/raster/multiband.hpp"
#include "support/read_image.hpp"
#include "support/starfm_reference.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace karst;

namespace {

using karst::test::read_all;

// `spec`'s image as ENVI `path` stored as `type` with no scale: DN (x 1e4, rounded) for int16,
// reflectance for float32.
void write_copy(const std::string& spec, const std::string& path, io::SampleType type) {
  auto info = io::open_multiband(spec)->info();
  auto v = read_all(spec);
  if (type == io::SampleType::int16)
    for (auto& x : v) x = std::round(x * 1e4);
  info.type = type;
  info.scale = 1.0;
  info.offset = 0.0;
  info.has_nodata = true;
  info.nodata = -9999;
  io::write_envi(path, info, v.data());
}

std::string error_of(const fusion::FusionJob& job, const std::string& out) {
  bench::Profile profile;
  try {
    fusion::run_fusion_job(job, mpi::Comm::world(), out, profile, false);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

const char* kImages[] = {"fine_t1", "coarse_t1", "fine_t2", "coarse_t2", "coarse_t0", "truth_t0"};

}  // namespace

// The built-in scene (int16 with scale_factor 1e-4) stored again as DN with no scale (the scale
// given per image as the config would) and as float32 reflectance: the same prediction (bitwise
// for DN x 1e-4, within float32 rounding for float32), the same candidates accepted, the same
// metrics with SSIM's range 1 set by nobody. DN with no scale at all, or one DN image among
// reflectance ones (the defect's case: exit 0, RMSE 1489), is refused naming image and key.
TEST(FusionUnits, StorageDoesNotChangeThePredictionAndDnWithoutScaleIsRefused) {
  const auto world = mpi::Comm::world();
  karst::test::TempDir dir("fusion-units");
  fusion::FieldsSettings scene;
  scene.size = 64;
  fusion::FusionJob job;
  fusion::fields_method_defaults(job);
  job.starfm.radius = 7;
  job.brovey_enabled = job.hpf_enabled = false;
  fusion::generate_guizhou_fields(scene, dir.path(), world, false, job);
  if (world.is_root())
    for (const char* name : kImages) {
      write_copy(dir / "inputs.h5:" + name, dir / std::string(name) + "_dn.hdr",
                 io::SampleType::int16);
      write_copy(dir / "inputs.h5:" + name, dir / std::string(name) + "_f32.hdr",
                 io::SampleType::float32);
    }
  world.barrier();
  const auto stored_as = [&](const std::string& suffix) {
    fusion::FusionJob j = job;
    const auto f = [&](const char* name) { return dir / std::string(name) + suffix + ".hdr"; };
    j.pairs[0].fine = f("fine_t1"), j.pairs[0].coarse = f("coarse_t1");
    j.pairs[1].fine = f("fine_t2"), j.pairs[1].coarse = f("coarse_t2");
    j.coarse0 = f("coarse_t0"), j.truth = f("truth_t0");
    return j;
  };
  fusion::FusionJob dn = stored_as("_dn"), f32 = stored_as("_f32");
  for (const char* key :
       {"fusion.pairs[0].fine", "fusion.pairs[0].coarse", "fusion.pairs[1].fine",
        "fusion.pairs[1].coarse", "fusion.predict.coarse", "fusion.predict.truth"})
    dn.image_options[key].scale = 1e-4;

  bench::Profile p;
  const auto a = fusion::run_fusion_job(job, world, dir / "a.h5", p, false);
  const auto b = fusion::run_fusion_job(dn, world, dir / "b.h5", p, false);
  const auto c = fusion::run_fusion_job(f32, world, dir / "c.h5", p, false);
  const auto va = read_all(dir / "a.h5:starfm"), vb = read_all(dir / "b.h5:starfm"),
             vc = read_all(dir / "c.h5:starfm");
  ASSERT_EQ(va.size(), vb.size());
  ASSERT_EQ(va.size(), vc.size());
  EXPECT_EQ(std::memcmp(va.data(), vb.data(), va.size() * sizeof(double)), 0);
  for (size_t i = 0; i < va.size(); ++i) {
    ASSERT_EQ(std::isnan(va[i]), std::isnan(vc[i])) << i;
    if (!std::isnan(va[i])) {
      ASSERT_NEAR(va[i], vc[i], 1e-6) << i;
    }
  }
  for (const auto* r : {&b, &c}) {
    EXPECT_EQ(r->counts.accepted, a.counts.accepted);
    EXPECT_EQ(r->counts.similar, a.counts.similar);
    for (size_t k = 0; k < a.starfm->ssim.size(); ++k) {
      EXPECT_NEAR(r->starfm->ssim[k], a.starfm->ssim[k], 1e-5);
      EXPECT_NEAR(r->starfm->rmse[k], a.starfm->rmse[k], 1e-7);
    }
  }
  EXPECT_GT(a.starfm->ssim[0], 0.5);  // L = 1 for reflectance: an L of 10000 gives ~1

  fusion::FusionJob no_scale = stored_as("_dn");
  const auto e1 = error_of(no_scale, dir / "d.h5");
  EXPECT_NE(e1.find("fine_t1_dn.hdr: not reflectance"), std::string::npos) << e1;
  EXPECT_NE(e1.find("key 'fusion.pairs[0].fine.scale'"), std::string::npos) << e1;
  fusion::FusionJob mixed = job;
  mixed.coarse0 = dir / "coarse_t0_dn.hdr";
  const auto e2 = error_of(mixed, dir / "e.h5");
  EXPECT_NE(e2.find("coarse_t0_dn.hdr: not reflectance: 100.0% of its values"), std::string::npos)
      << e2;
  EXPECT_NE(e2.find("key 'fusion.predict.coarse.scale'"), std::string::npos) << e2;
  // Scaled twice: float reflectance given a DN scale.
  fusion::FusionJob twice = f32;
  twice.image_options["fusion.predict.coarse"].scale = 1e-4;
  const auto e3 = error_of(twice, dir / "f.h5");
  EXPECT_NE(e3.find("coarse_t0_f32.hdr: not reflectance: no value reaches 0.005"),
            std::string::npos)
      << e3;
}

// The plausibility rule on its own: 1 % outside [-0.2, 1.6] passes, more fails; a largest value
// below 0.005 fails.
TEST(FusionUnits, ReflectanceRule) {
  io::MultibandInfo info;
  fusion::ReflectanceCounts c;
  c.valid = 1000, c.outside = 10, c.largest = 0.6;
  EXPECT_EQ(fusion::implausible_reflectance(c, info, "k"), "");
  c.outside = 11;
  EXPECT_NE(fusion::implausible_reflectance(c, info, "k").find("1.1% of its values"),
            std::string::npos);
  c.outside = 0, c.largest = 0.0049;
  EXPECT_NE(fusion::implausible_reflectance(c, info, "k").find("no value reaches"),
            std::string::npos);
  const double v[] = {-0.2, 1.6, -0.21, 1.61, NAN, 0.3};
  fusion::ReflectanceCounts d;
  d.add(v, 6);
  EXPECT_EQ(d.valid, 5);
  EXPECT_EQ(d.outside, 2);
  EXPECT_EQ(d.largest, 1.61);
}

// Landsat Collection 2 QA_PIXEL words: bit 0 fill, 1 dilated cloud, 2 cirrus, 3 cloud, 4 cloud
// shadow. 21824 = 0x5540 clear land; 22280 = 0x5708 cloud (bit 3); 23888 = 0x5D50 cloud shadow
// (bit 4); 21826 = clear + dilated cloud (bit 1); 1 = fill.
TEST(FusionMasks, QaBitDecode) {
  const unsigned all = fusion::qa_bit_mask({0, 1, 2, 3, 4}, "k");
  EXPECT_EQ(all, 31u);
  EXPECT_FALSE(fusion::qa_masked(21824, all));
  EXPECT_TRUE(fusion::qa_masked(22280, all));
  EXPECT_TRUE(fusion::qa_masked(23888, all));
  EXPECT_TRUE(fusion::qa_masked(21826, all));
  EXPECT_TRUE(fusion::qa_masked(1, all));
  const unsigned cloud_shadow = fusion::qa_bit_mask({3, 4}, "k");
  EXPECT_FALSE(fusion::qa_masked(21826, cloud_shadow));  // dilated cloud not chosen
  EXPECT_TRUE(fusion::qa_masked(22280, cloud_shadow));
  EXPECT_TRUE(fusion::qa_masked(NAN, cloud_shadow));  // the QA file's nodata
  EXPECT_TRUE(fusion::qa_masked(2.5, cloud_shadow));  // not a QA word
  EXPECT_THROW(fusion::qa_bit_mask({16}, "k"), Error);
  EXPECT_THROW(fusion::qa_bit_mask({}, "k"), Error);
}

namespace {

// One band, one row of 5 pixels, a 3-pixel window, one pair. L = [0.5, 0.1000, 0.1010, 0.1030,
// 0.9], M = 0.1, M0 = 0.2 everywhere. At the centre pixel 2 every window pixel is similar (the
// slice is ~1600 DN), S = 0, 10, 30 DN and T = 1000 DN pass the filter (T <= 1000 + 70.7), and
// (S+1) < 100 gives each weight 1: the prediction is M0 - M + mean(L) = 0.1 + 0.101333... With
// pixel 3 masked it is 0.1 + mean(0.1000, 0.1010) = 0.2005.
struct Row {
  karst::test::TempDir& dir;
  void write(const std::string& name, io::SampleType type, const std::vector<double>& v) const {
    io::MultibandInfo info;
    info.bands = 1, info.rows = 1, info.cols = long(v.size());
    info.type = type;
    info.has_nodata = type != io::SampleType::float64;
    info.nodata = type == io::SampleType::uint16 ? 1 : 255;
    io::write_envi(dir / name, info, v.data());
  }
};

fusion::FusionJob row_job(const karst::test::TempDir& dir) {
  fusion::FusionJob job;
  job.pairs = {{dir / "L.hdr", dir / "M.hdr", 100}};
  job.coarse0 = dir / "M0.hdr";
  job.day0 = 110;
  job.truth = dir / "L.hdr";
  job.starfm.radius = 1;
  job.brovey_enabled = job.hpf_enabled = false;
  return job;
}

std::vector<double> predict(const fusion::FusionJob& job, const std::string& out,
                            fusion::FusionResult* res = nullptr) {
  bench::Profile p;
  auto r = fusion::run_fusion_job(job, mpi::Comm::self(), out, p, false);
  if (res) *res = r;
  return read_all(out + ":starfm");
}

// The serial reference (tests/support) on L with NaN where masked, σ from the pipeline.
std::vector<double> reference(std::vector<double> l, const std::vector<int>& masked,
                              const fusion::FusionResult& r) {
  for (int j : masked) l[size_t(j)] = NAN;
  ::test::RefImage fine(1, 1, 5), coarse(1, 1, 5, 0.1), coarse0(1, 1, 5, 0.2);
  fine.v = l;
  ::test::RefStarfmParams p;
  p.radius = 1;
  p.fill = NAN;
  return ::test::reference_starfm({fine}, {coarse}, coarse0, r.sigma, p).v;
}

}  // namespace

TEST(FusionMasks, MaskedPixelsLeaveEveryWindow) {
  if (mpi::Comm::world().rank() != 0) return;
  karst::test::TempDir dir("fusion-mask", mpi::Comm::self());
  const Row row{dir};
  const std::vector<double> l = {0.5, 0.1000, 0.1010, 0.1030, 0.9};
  row.write("L.hdr", io::SampleType::float64, l);
  row.write("M.hdr", io::SampleType::float64, std::vector<double>(5, 0.1));
  row.write("M0.hdr", io::SampleType::float64, std::vector<double>(5, 0.2));
  row.write("mask.hdr", io::SampleType::uint8, {0, 0, 0, 1, 0});
  row.write("mask3.hdr", io::SampleType::uint8, {0, 1, 1, 1, 0});
  row.write("qa.hdr", io::SampleType::uint16, {21824, 21824, 21824, 22280, 21824});
  auto job = row_job(dir);
  fusion::FusionResult clear, masked;
  const auto v0 = predict(job, dir / "clear.h5", &clear);
  EXPECT_NEAR(v0[2], 0.1 + (0.1000 + 0.1010 + 0.1030) / 3.0, 1e-7);

  job.image_options["fusion.pairs[0].fine"].mask = dir / "mask.hdr";
  const auto v1 = predict(job, dir / "mask.h5", &masked);
  EXPECT_NEAR(v1[2], 0.2005, 1e-7);  // worked by hand above (prediction.h5 is float32)
  EXPECT_TRUE(std::isnan(v1[3]));    // its own centre masked: nodata in the output
  const auto ref = reference(l, {3}, masked);
  for (int j : {0, 1, 2, 4}) EXPECT_NEAR(v1[size_t(j)], ref[size_t(j)], 1e-7) << j;
  EXPECT_EQ(masked.starfm->pixels, 4);  // the metrics skip the nodata pixel
  EXPECT_EQ(clear.starfm->pixels, 5);

  // The same cloud from a QA_PIXEL band (bit 3 set at pixel 3): the same prediction.
  auto qa_job = row_job(dir);
  qa_job.image_options["fusion.pairs[0].fine"].qa = dir / "qa.hdr";
  qa_job.image_options["fusion.pairs[0].fine"].qa_bits = {0, 1, 2, 3, 4};
  const auto v2 = predict(qa_job, dir / "qa.h5");
  for (int j : {0, 1, 2, 4}) EXPECT_EQ(v2[size_t(j)], v1[size_t(j)]) << j;
  EXPECT_TRUE(std::isnan(v2[3]));

  // The whole window of pixel 2 masked: nodata there and at 1 and 3; 0 and 4 predict from
  // themselves alone, M0 - M + L.
  job.image_options["fusion.pairs[0].fine"].mask = dir / "mask3.hdr";
  const auto v3 = predict(job, dir / "mask3.h5");
  for (int j : {1, 2, 3}) EXPECT_TRUE(std::isnan(v3[size_t(j)])) << j;
  EXPECT_NEAR(v3[0], 0.6, 1e-7);
  EXPECT_NEAR(v3[4], 1.0, 1e-7);
}
