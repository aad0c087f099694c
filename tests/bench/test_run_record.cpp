// Run records: what is written is what is read back (JSON and HDF5), the totals follow from the
// kernels, and the validator catches each kind of schema violation.
#include "base/error.hpp"
#include "bench/peak.hpp"
#include "bench/run_record.hpp"
#include "bench/system_info.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/hdf5/json_h5.hpp"
#include "support/fuzz_corpus.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace karst;
using nlohmann::json;

namespace {
bench::RunRecord sample_record() {
  bench::RunRecord r("flood", "unit-test", bench::collect_system_info(mpi::Comm::self()),
                     {{"flood", {{"cfl", 0.45}}}});
  bench::RegionStats kernel{"hydro::flux", 10, 1.0, 1.5, 2.0, 4e9, 8e9};
  bench::RegionStats io{"io::snapshot", 2, 0.1, 0.1, 0.1, 0.0, 0.0};
  r.set_measurements({kernel, io}, 4.0);
  r.add_figure({"cell_updates_per_s", 1.25e8, "1/s", true});
  return r;
}
}  // namespace

TEST(RunRecord, TotalsFollowFromKernels) {
  const auto doc = sample_record().doc();
  const auto& t = doc["totals"];
  EXPECT_DOUBLE_EQ(t["flops"].get<double>(), 4e9);
  EXPECT_DOUBLE_EQ(t["bytes"].get<double>(), 8e9);
  EXPECT_DOUBLE_EQ(t["gflops_per_s"].get<double>(), 1.0);  // 4e9 FLOP over 4 s
  EXPECT_DOUBLE_EQ(t["gbytes_per_s"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(t["pflops_per_s"].get<double>(), 1e-6);
  EXPECT_DOUBLE_EQ(t["fraction_of_guian_peak"].get<double>(), 1e9 / 13e15);
  ASSERT_EQ(doc["kernels"].size(), 1u);  // io::snapshot has no cost: a region, not a kernel
  EXPECT_EQ(doc["regions"].size(), 2u);
  EXPECT_DOUBLE_EQ(doc["kernels"][0]["gflops_per_s"].get<double>(), 2.0);  // 4e9 / max 2 s
  EXPECT_EQ(doc["schema_version"], bench::kRecordSchemaVersion);
  EXPECT_TRUE(bench::validate_record(doc).empty());
}

TEST(RunRecord, JsonAndHdf5RoundTrip) {
  test::TempDir dir("record", mpi::Comm::self());
  const auto record = sample_record();
  record.write(dir.path(), "flood");
  EXPECT_FALSE(std::filesystem::exists(dir / "flood.json.tmp"));
  EXPECT_FALSE(std::filesystem::exists(dir / "flood.h5.tmp"));
  const auto back = bench::RunRecord::read_json(dir / "flood.json");
  EXPECT_EQ(back.doc(), record.doc());
  auto file = io::H5File::open_read(dir / "flood.h5", mpi::Comm::self());
  EXPECT_EQ(io::read_json_group(file.id(), "/karst/record"), record.doc());
}

TEST(RunRecord, ValidatorNamesEachProblem) {
  auto doc = sample_record().doc();
  auto expect_problem = [](const json& d, const std::string& needle) {
    const auto problems = bench::validate_record(d);
    bool found = false;
    for (const auto& p : problems) found |= p.find(needle) != std::string::npos;
    EXPECT_TRUE(found) << "no problem mentioning '" << needle << "'";
  };
  auto d1 = doc;
  d1.erase("workload");
  expect_problem(d1, "record.workload: missing");
  auto d2 = doc;
  d2["schema_version"] = 99;
  expect_problem(d2, "schema_version");
  auto d3 = doc;
  d3["totals"]["flops"] = -1.0;
  expect_problem(d3, "record.totals.flops: negative");
  auto d4 = doc;
  d4["figures_of_merit"][0]["unit"] = 3;
  expect_problem(d4, "record.figures_of_merit[0].unit: wrong type");
  auto d5 = doc;
  d5["kernels"][0].erase("time_s");
  expect_problem(d5, "record.kernels[0].time_s: missing");
  EXPECT_THROW(bench::RunRecord::from_json(d1), Error);
}

TEST(RunRecord, ReadingBadFilesGivesClearErrors) {
  test::TempDir dir("badrecord", mpi::Comm::self());
  try {
    bench::RunRecord::read_json(dir / "missing.json");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  { std::ofstream(dir / "broken.json") << "{\"schema\": "; }
  try {
    bench::RunRecord::read_json(dir / "broken.json");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
  }
}

// Records that fuzz_run_record (tests/fuzz/) found mishandled, read as files.
TEST(RunRecord, FuzzReproducersAreCleanErrors) {
  auto error_reading = [](const std::string& file) {
    try {
      bench::RunRecord::read_json(test::fuzz_corpus("fuzz_run_record", file));
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  // A number beyond double's range is json::out_of_range, not parse_error: it escaped.
  const auto overflow = error_reading("crash_number_overflow.json");
  EXPECT_NE(overflow.find("crash_number_overflow.json: not valid JSON"), std::string::npos)
      << overflow;
  EXPECT_NE(overflow.find("number overflow"), std::string::npos) << overflow;
  // get<int>() wrapped 4294967297 around to 1, so the record passed as version 1.
  const auto version = error_reading("wrapped_schema_version.json");
  EXPECT_NE(version.find("record.schema_version: 4294967297 is not the supported version 1"),
            std::string::npos)
      << version;
}
