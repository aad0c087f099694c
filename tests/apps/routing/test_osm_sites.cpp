// The user's sites (routing.sites.*) on the hand-made OSM fixture: snapped to the nearest vertex
// of the largest strongly connected component ({1, 2, 8, 9, 10}), snap distances worked out by
// hand (haversine, 0.0001 deg of the equator = 11.12 m), and every bad line an error naming it.
#include "apps/routing/site_files.hpp"
#include "base/error.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include "support/source_dir.hpp"

using namespace karst;

namespace {

const std::string kData = karst::test::source_dir() + "/tests/apps/routing/data/";

routing::RoadNetwork fixture() {
  auto g = io::read_osm_roads(kData + "rules.osm", {false, io::osm_default_speeds_kmh()});
  routing::RoadNetwork net;
  net.arcs = g.arcs;
  net.xy = g.lonlat;
  net.osm_ids = g.osm_ids;
  return net;
}

routing::SiteFiles files() {
  routing::SiteFiles f;
  f.farms = kData + "farms.csv";
  f.hubs = kData + "hubs.csv";
  f.markets = kData + "markets.csv";
  return f;
}

std::string error_of(const routing::SiteFiles& f) {
  auto net = fixture();
  try {
    routing::snap_sites(f, net);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(OsmSites, SnapToLargestComponent) {
  auto net = fixture();
  const auto report = routing::snap_sites(files(), net);
  ASSERT_EQ(report.size(), 3u);
  // Farm 11.12 m from node 1; hub 5.56 m from node 9; the market sits on node 4, which is not in
  // the largest component: node 10, the diagonal of a 0.001 deg square, 157.25 m.
  EXPECT_EQ(report[0]["osm_id"], 1);
  EXPECT_DOUBLE_EQ(report[0]["snap_m"].get<double>(), 11.1);
  EXPECT_EQ(report[1]["osm_id"], 9);
  EXPECT_DOUBLE_EQ(report[1]["snap_m"].get<double>(), 5.6);
  EXPECT_EQ(report[2]["osm_id"], 10);
  EXPECT_DOUBLE_EQ(report[2]["snap_m"].get<double>(), 157.3);
  ASSERT_EQ(net.farms.size(), 1u);
  EXPECT_EQ(net.farms[0].node, 0);  // vertex of OSM node 1
  EXPECT_DOUBLE_EQ(net.farms[0].tonnes, 3.5);
  EXPECT_EQ(net.hubs[0].node, 8);
  EXPECT_EQ(net.markets[0].node, 9);
  EXPECT_EQ(net.markets[0].name, "Guiyang");
}

TEST(OsmSites, ErrorsNameTheLine) {
  test::TempDir dir("osm-sites", mpi::Comm::self());
  auto f = files();
  f.max_snap_m = 100;
  EXPECT_NE(error_of(f).find("markets.csv:3: market 'Guiyang' is 157 m from the nearest road"),
            std::string::npos)
      << error_of(f);
  auto with = [&](const std::string& text) {
    std::ofstream(dir / "farms.csv") << text;
    auto g = files();
    g.farms = dir / "farms.csv";
    return error_of(g);
  };
  EXPECT_NE(with("name,lon,lat,tonnes\nfar,1.5,0,2\n")
                .find("farms.csv:2: farm 'far' at (1.5, 0) "
                      "is outside the graph's extent"),
            std::string::npos);
  EXPECT_NE(with("a,0,0,2\nb,0,0\n").find("farms.csv:2: 3 fields, expected 4"), std::string::npos);
  EXPECT_NE(with("a,x,0,2\n").find("farms.csv:1: lon 'x' is not a number"), std::string::npos);
  EXPECT_NE(with("a,0,0,0\n").find("farms.csv:1: tonnes 0 is outside"), std::string::npos);
}
