// The flood stage on the default county (size 0.25: 256 x 256 cells of 40 m; coarser grids do
// not hold the river's base flow in its channel, docs/stormday.md) with a land cover written here:
// the grids and map frames agree, the road record is the flood's own max-depth map read along the
// roads, the record and closures are bitwise the same on any number of ranks, and a dry day
// (rain_scale 0) closes no road at all.
#include "apps/geography/guizhou_karst.hpp"
#include "apps/stormday/flood_stage.hpp"
#include "apps/stormday/road_cells.hpp"
#include "apps/stormday/road_hazard_file.hpp"
#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

using namespace karst;
using namespace karst::stormday;

namespace {

const auto world = mpi::Comm::world();
constexpr double kSize = 0.25;
constexpr double kStorm = 1800.0;  // s: the storm peaks at 20 min, the roads close by then

std::string scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / "karst-test-flood-stage-run" /
                   ("np" + std::to_string(world.size())) / name;
  if (world.is_root()) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  world.barrier();
  return dir.string();
}

// The land cover a stage-1 run would give, made up here: the scenario's own roughness, and soils
// that take in 2 mm/h on the streets, 4 on the fields and 8 under the forest.
std::string write_landcover(const County& c, const std::string& dir) {
  const std::string path = dir + "/landcover.h5";
  if (world.is_root()) {
    const auto& g = c.grid;
    std::vector<double> n(size_t(g.ny * g.nx)), f(n.size());
    for (long long i = 0; i < g.ny; ++i)
      for (long long j = 0; j < g.nx; ++j) {
        const double m = geography::manning(cell_x(g, j), cell_y(g, i));
        n[size_t(i * g.nx + j)] = m;
        f[size_t(i * g.nx + j)] = m < 0.02 ? 2.0 : m < 0.05 ? 4.0 : 8.0;
      }
    auto file = io::H5File::create(path, mpi::Comm::self());
    const auto block = io::Block::whole({hsize_t(g.ny), hsize_t(g.nx)});
    const io::FieldMeta meta{"", {g.dx, g.dx}, {cell_y(g, 0), cell_x(g, 0)}};
    io::write_block(file, "manning", block, n.data(), meta);
    io::write_block(file, "infiltration_mm_per_h", block, f.data(), meta);
    file.commit();
  }
  world.barrier();
  return path;
}

FloodStageConfig quick(double rain_scale, double duration_s) {
  FloodStageConfig cfg;
  cfg.rain_scale = rain_scale;
  cfg.duration_s = duration_s;
  cfg.output.snapshot_interval_s = 0;
  cfg.output.progress_interval_s = 0;
  return cfg;
}

struct Shared {
  County county;
  std::string landcover;
  FloodStageResult storm;  // rain_scale 1, on every rank of the world
};

const Shared& shared() {
  static std::unique_ptr<Shared> s;
  if (!s) {
    s = std::make_unique<Shared>();
    s->county = guizhou_county(kSize, 7);
    s->landcover = write_landcover(s->county, scratch("input"));
    bench::Profile profile;
    s->storm = run_flood_stage(s->county, s->landcover, quick(1.0, kStorm),
                               {world, scratch("storm"), false}, profile);
  }
  return *s;
}

std::vector<double> read_map(const std::string& file, const std::string& dataset,
                             io::FieldMeta* meta = nullptr) {
  const auto f = io::H5File::open_read(file, mpi::Comm::self());
  const auto block = io::Block::whole(io::dataset_shape(f, dataset));
  std::vector<double> v(block.size());
  io::read_block(f, dataset, block, v.data());
  if (meta) *meta = io::read_meta(f, dataset);
  return v;
}

bool closed_anywhere(const SegmentClosures& c) {
  return std::any_of(c.begin(), c.end(), [](const auto& l) { return !l.empty(); });
}

}  // namespace

TEST(FloodStage, GridsAlignAndMapFramesAgree) {
  const auto& s = shared();
  const auto& g = s.county.grid;
  const auto setup = flood_stage_setup(s.county, s.landcover, quick(1.0, 600.0));
  EXPECT_EQ(setup.ny, g.ny);
  EXPECT_EQ(setup.nx, g.nx);
  EXPECT_EQ(setup.dx, g.dx);
  EXPECT_EQ(setup.cell_x(17), cell_x(g, 17));
  EXPECT_EQ(setup.cell_y(93), cell_y(g, 93));
  // The flood's maps carry the county's frame: same spacing, same first cell centre.
  io::FieldMeta meta;
  const auto map = read_map(s.storm.maps_file, "max_depth", &meta);
  EXPECT_EQ(map.size(), size_t(g.ny * g.nx));
  EXPECT_EQ(meta.spacing, (std::vector<double>{g.dx, g.dx}));
  EXPECT_EQ(meta.origin, (std::vector<double>{cell_y(g, 0), cell_x(g, 0)}));
  // A road node lies in the cell whose centre is within half a cell of it.
  const auto& n = s.county.nodes[s.county.segments[0].from];
  const auto cells = segment_cells(g, n, n);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_LE(std::fabs(cell_x(g, cells[0].j) - n.x), 0.5 * g.dx);
  EXPECT_LE(std::fabs(cell_y(g, cells[0].i) - n.y), 0.5 * g.dx);

  // A county on another grid, or a land cover of another size, is refused.
  County other = s.county;
  other.grid.dx *= 2;
  std::string msg;
  try {
    flood_stage_setup(other, s.landcover, quick(1.0, 600.0));
  } catch (const Error& e) {
    msg = e.what();
  }
  EXPECT_NE(msg.find("is not the flood's at size 0.25"), std::string::npos) << msg;
  msg.clear();
  try {
    flood_stage_setup(guizhou_county(0.125, 7), s.landcover, quick(1.0, 600.0));
  } catch (const Error& e) {
    msg = e.what();
  }
  EXPECT_NE(msg.find("landcover.h5: dataset 'manning': has shape [256, 256] but the county grid "
                     "is 128x128 cells of 80 m"),
            std::string::npos)
      << msg;
}

TEST(FloodStage, RoadRecordIsTheMaxDepthMapAlongEachRoad) {
  const auto& s = shared();
  const auto& h = s.storm.hazard;
  const auto& g = s.county.grid;
  ASSERT_EQ(h.segments(), s.county.segments.size());
  EXPECT_EQ(h.windows(), 30u);  // 1800 s in windows of 60 s
  EXPECT_EQ(h.window_end_s.back(), kStorm);
  const auto map = read_map(s.storm.maps_file, "max_depth");
  const auto setup = flood_stage_setup(s.county, s.landcover, quick(1.0, 600.0));
  const auto cells = road_cells(s.county, setup.initial_depth, 0, 0, g.ny, g.nx);
  int wet_roads = 0;
  for (size_t k = 0; k < h.segments(); ++k) {
    double from_map = 0.0, recorded = 0.0;
    for (int c = cells.segment_begin[k]; c < cells.segment_begin[k + 1]; ++c)
      from_map = std::max(from_map, map[size_t(cells.cells[c].i * g.nx + cells.cells[c].j)]);
    for (size_t w = 0; w < h.windows(); ++w) recorded = std::max(recorded, h.max_depth_m[w][k]);
    EXPECT_EQ(recorded, from_map) << "segment " << k;  // the same numbers, not close ones
    EXPECT_EQ(h.road_cells[k], cells.segment_begin[k + 1] - cells.segment_begin[k]);
    wet_roads += recorded > 0.05;
  }
  EXPECT_GT(wet_roads, 0);  // the storm reached some roads: the comparison means something
  EXPECT_TRUE(closed_anywhere(s.storm.closures));
  // Bridges span the river: their channel cells are left out, and only bridges cross it.
  long long bridged = 0;
  for (size_t k = 0; k < h.segments(); ++k)
    if (h.bridged_cells[k] > 0) {
      EXPECT_EQ(s.county.segments[k].kind, "bridge") << "segment " << k;
      bridged += h.bridged_cells[k];
    }
  EXPECT_GT(bridged, 0);
  // What the stage returned is what it wrote.
  SegmentClosures from_file;
  const auto back = read_road_hazard(s.storm.road_hazard_file, &from_file);
  EXPECT_EQ(back.max_depth_m, h.max_depth_m);
  EXPECT_EQ(back.max_speed_m_per_s, h.max_speed_m_per_s);
  EXPECT_EQ(back.max_hazard_rating, h.max_hazard_rating);
  EXPECT_EQ(closures_json(from_file), closures_json(s.storm.closures));
}

TEST(FloodStage, IdenticalOnAnyNumberOfRanks) {
  const auto& s = shared();
  if (world.size() == 1) GTEST_SKIP() << "compares a 1-rank run with this one: needs 2 ranks";
  if (world.is_root()) {
    bench::Profile profile;
    const auto dir =
        std::filesystem::temp_directory_path() / "karst-test-flood-stage-run" / "np2-alone";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto alone = run_flood_stage(s.county, s.landcover, quick(1.0, kStorm),
                                       {mpi::Comm::self(), dir.string(), false}, profile);
    EXPECT_EQ(alone.hazard.window_end_s, s.storm.hazard.window_end_s);
    EXPECT_EQ(alone.hazard.max_depth_m, s.storm.hazard.max_depth_m);
    EXPECT_EQ(alone.hazard.max_speed_m_per_s, s.storm.hazard.max_speed_m_per_s);
    EXPECT_EQ(alone.hazard.max_hazard_rating, s.storm.hazard.max_hazard_rating);
    EXPECT_EQ(alone.hazard.road_cells, s.storm.hazard.road_cells);
    EXPECT_EQ(closures_json(alone.closures), closures_json(s.storm.closures));
    SegmentClosures a, b;
    const auto fa = read_road_hazard(alone.road_hazard_file, &a);
    const auto fb = read_road_hazard(s.storm.road_hazard_file, &b);
    EXPECT_EQ(fa.max_depth_m, fb.max_depth_m);
    EXPECT_EQ(fa.max_hazard_rating, fb.max_hazard_rating);
    EXPECT_EQ(closures_json(a), closures_json(b));
  }
  world.barrier();
}

TEST(FloodStage, DryWeatherClosesNoRoad) {
  const auto& s = shared();
  bench::Profile profile;
  const auto dry = run_flood_stage(s.county, s.landcover, quick(0.0, 2400.0),
                                   {world, scratch("dry"), false}, profile);
  EXPECT_EQ(dry.hazard.windows(), 40u);
  EXPECT_FALSE(closed_anywhere(dry.closures)) << closures_json(dry.closures).dump();
  EXPECT_EQ(dry.flood.budget.rain, 0.0);
  double deepest = 0.0;
  for (const auto& w : dry.hazard.max_depth_m)
    deepest = std::max(deepest, *std::max_element(w.begin(), w.end()));
  EXPECT_LE(deepest, 0.3);  // the base flow stays off the roads
}
