#pragma once
// Hand-made counties for the routing stage's tests: nodes on a line or a lattice, roads of given
// travel times, markets and trucks where the test says. No terrain; the grid is left empty.
#include "apps/stormday/county.hpp"

#include <cstdint>
#include <random>
#include <string>

namespace karst::test {

struct TinyCounty {
  stormday::County county;

  explicit TinyCounty(int nodes) {
    for (int v = 0; v < nodes; ++v) county.nodes.push_back({100.0 * v, 0.0});
  }
  //! A road a-b of `travel_s` seconds and `length_m` metres; returns its segment index.
  int road(int a, int b, std::int64_t travel_s, double length_m = -1.0) {
    county.segments.push_back(
        {a, b, "valley", length_m < 0 ? 10.0 * double(travel_s) : length_m, travel_s});
    return int(county.segments.size()) - 1;
  }
  void market(int node) { county.markets.push_back({"market " + std::to_string(node), node}); }
  void village(int node, int population = 100) {
    county.villages.push_back({"village " + std::to_string(node), node, population});
  }
  void truck(int node, double departure_s, double deadline_h, std::string produce = "tea",
             double tonnes = 5.0) {
    county.farms.push_back({"farm " + std::to_string(county.farms.size()), node, std::move(produce),
                            tonnes, departure_s, deadline_h});
  }
};

//! A rows x cols lattice with roads to the right and down (and a few diagonals), travel times 1..9
//! s, lengths unrelated to the times (so distance is not a function of time). `drop` of the roads
//! are left out, which may split the county.
inline TinyCounty random_lattice(int rows, int cols, std::mt19937& rng, double drop = 0.1) {
  TinyCounty t(rows * cols);
  std::uniform_int_distribution<int> travel(1, 9);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto id = [cols](int r, int c) { return r * cols + c; };
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      if (c + 1 < cols && u(rng) >= drop)
        t.road(id(r, c), id(r, c + 1), travel(rng), 50 + 900 * u(rng));
      if (r + 1 < rows && u(rng) >= drop)
        t.road(id(r, c), id(r + 1, c), travel(rng), 50 + 900 * u(rng));
      if (r + 1 < rows && c + 1 < cols && u(rng) < 0.15)
        t.road(id(r, c), id(r + 1, c + 1), travel(rng), 50 + 900 * u(rng));
    }
  return t;
}

}  // namespace karst::test
