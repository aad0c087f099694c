#pragma once
//! The county a storm day runs over: one grid and one map frame shared by every stage. The land is
//! the flood workload's `guizhou-karst` catchment (a river valley between cone-karst hills, a town
//! on the floodplain); on it lie a road network of straight segments between nodes (valley roads
//! along both banks, hill roads above them, switchbacks between, three bridges), villages, farms
//! with a truck each that leaves during the storm, and markets.
//!
//! Coordinates are map metres: x east from the west edge, y north from the south edge (the flood
//! grid's frame: cell (i, j) has its centre at x0 + (j + 0.5) dx, y0 - (i + 0.5) dx).
//! Everything is a pure function of (size, seed), so every rank builds the same county.

#include <cstdint>
#include <string>
#include <vector>

namespace karst::stormday {

struct CountyGrid {
  long long ny = 0, nx = 0;
  double dx = 0.0;            //!< square cells, m
  double x0 = 0.0, y0 = 0.0;  //!< north-west corner of cell (0, 0), m
};

struct RoadNode {
  double x = 0.0, y = 0.0;  //!< m
};

//! A straight piece of road, driven both ways. Curved roads are chains of short segments.
struct RoadSegment {
  int from = 0, to = 0;       //!< node indices
  std::string kind;           //!< "valley", "hill", "switchback", "bridge", "town"
  double length_m = 0.0;      //!< along the ground, winding included
  std::int64_t travel_s = 0;  //!< at the road's speed, whole seconds (routing weights)
};

struct Village {
  std::string name;
  int node = 0;
  int population = 0;
};

//! A farm and the one truck that carries its produce to a market during the storm day.
struct FarmTruck {
  std::string name;
  int node = 0;
  std::string produce;
  double tonnes = 0.0;
  double departure_s = 0.0;  //!< simulation time the truck leaves the farm
  double deadline_h = 0.0;   //!< produce must reach a market within this many hours of leaving
};

struct Market {
  std::string name;
  int node = 0;
};

struct County {
  std::string name = "guizhou-county";
  double size = 0.0;  //!< the flood scenario's size: cells per side = 1024 x size
  unsigned seed = 0;
  CountyGrid grid;
  std::vector<RoadNode> nodes;
  std::vector<RoadSegment> segments;
  std::vector<Village> villages;
  std::vector<FarmTruck> farms;
  std::vector<Market> markets;
};

//! The built-in county over the `guizhou-karst` catchment at flood size `size` (dx = 10 m / size).
County guizhou_county(double size, unsigned seed);

//! Throws karst::Error naming the first inconsistency (a node index out of range, a segment of
//! zero length or time, a node outside the grid, a truck with no deadline, no market).
void validate(const County& county);

//! Map coordinates of a cell centre, in the frame above.
inline double cell_x(const CountyGrid& g, long long j) {
  return g.x0 + (j + 0.5) * g.dx;
}
inline double cell_y(const CountyGrid& g, long long i) {
  return g.y0 - (i + 0.5) * g.dx;
}

}  // namespace karst::stormday
