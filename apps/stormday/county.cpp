#include "apps/stormday/county.hpp"

#include "apps/geography/guizhou_karst.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

namespace karst::stormday {

namespace {

namespace terrain = geography;

// Road classes: speed and how much longer the road is than the straight line between its nodes
// (bends the straight segment does not draw). Valley roads are the fast ones, which is why a
// flood hurts: the detours over the hills are two to four times slower.
struct RoadClass {
  const char* kind;
  double speed_kmh;
  double winding;
};
constexpr RoadClass kValley{"valley", 50, 1.1};
constexpr RoadClass kHill{"hill", 40, 1.35};
constexpr RoadClass kSwitchback{"switchback", 20, 2.2};
constexpr RoadClass kBridge{"bridge", 30, 1.0};
constexpr RoadClass kTown{"town", 25, 1.2};
constexpr RoadClass kSpur{"spur", 20, 1.5};

constexpr double kStep = 320.0;         // m between nodes along the long roads
constexpr double kValleyOffset = 150;   // m from the river's centre line, on the floodplain
constexpr double kHillOffset = 1700.0;  // m from the valley's smooth axis, above the fields

// The valley's axis without the river's short meanders: the hill roads follow it.
double valley_axis(double x) {
  return 0.5 * terrain::kSide + 900.0 * std::sin(2 * M_PI * x / 5200.0);
}

class Builder {
 public:
  explicit Builder(County& c) : c_(c) {}

  int node(double x, double y) {
    const auto key = std::make_pair(std::llround(x * 10), std::llround(y * 10));
    const auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    c_.nodes.push_back({x, y});
    const int id = static_cast<int>(c_.nodes.size() - 1);
    index_.emplace(key, id);
    return id;
  }

  void road(int a, int b, const RoadClass& rc) {
    const double dx = c_.nodes[a].x - c_.nodes[b].x, dy = c_.nodes[a].y - c_.nodes[b].y;
    const double length = std::hypot(dx, dy) * rc.winding;
    const auto seconds = static_cast<std::int64_t>(std::llround(length / (rc.speed_kmh / 3.6)));
    c_.segments.push_back({a, b, rc.kind, length, std::max<std::int64_t>(seconds, 1)});
  }

  //! A road through the given points, split into segments at each point.
  std::vector<int> chain(const std::vector<std::pair<double, double>>& pts, const RoadClass& rc) {
    std::vector<int> ids;
    for (const auto& [x, y] : pts) ids.push_back(node(x, y));
    for (size_t k = 1; k < ids.size(); ++k) road(ids[k - 1], ids[k], rc);
    return ids;
  }

 private:
  County& c_;
  std::map<std::pair<long long, long long>, int> index_;
};

std::vector<std::pair<double, double>> line(double xa, double ya, double xb, double yb,
                                            int pieces) {
  std::vector<std::pair<double, double>> p;
  for (int k = 0; k <= pieces; ++k) {
    const double f = double(k) / pieces;
    p.emplace_back(xa + f * (xb - xa), ya + f * (yb - ya));
  }
  return p;
}

// The county's random draws, in the order they are made: spurs, then villages, then farms.
class Dice {
 public:
  explicit Dice(unsigned seed) : rng_(seed) {}
  double operator()() { return unit_(rng_); }

 private:
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> unit_{0.0, 1.0};
};

const char* const kVillageNames[] = {
    "Longtan", "Baishui", "Shangzhai", "Xiazhai",  "Huaqiao",  "Yangliu",  "Shiban",  "Qingyan",
    "Maoping", "Dazhai",  "Heping",    "Tianba",   "Gaopo",    "Luoping",  "Shuikou", "Banpo",
    "Jiuzhou", "Lijia",   "Wuma",      "Xinzhai",  "Pingba",   "Sanhe",    "Yunwu",   "Zhongba",
    "Dongjia", "Xijiang", "Nanshan",   "Beipo",    "Langde",   "Zhaoxing", "Tangan",  "Basha",
    "Matang",  "Xiaohe",  "Fengxiang", "Shaxi",    "Guanling", "Huangguo", "Lianhua", "Taoyuan",
    "Jinping", "Yaoshan", "Qiaotou",   "Mengyang", "Anshun",   "Datun",    "Songtao", "Wengan"};
const char* const kProduce[] = {"kiwifruit", "chili", "tea", "vegetables", "plums", "potatoes"};

// Node ids of the roads built so far: where the later roads, villages and farms attach.
struct Roads {
  int n = 0;  // nodes along each long road: x = 320 ... 9920
  std::vector<int> valley[2], hill[2];
  std::vector<std::vector<int>> town;  // rows of the town's block grid, south to north
  std::vector<int> spur_end;           // the hamlets at the ends of the spurs
};

// The north bank's floodplain where the town's streets lie: no spur, village or farm there.
bool in_town(int side, int k) {
  return side == 0 && k >= 23 && k <= 29;
}

County empty_county(double size, unsigned seed) {
  if (!(size > 0 && size <= 64)) throw Error("stormday.size", "must be in (0, 64]");
  County c;
  c.size = size;
  c.seed = seed;
  c.grid.nx = c.grid.ny = static_cast<long long>(std::llround(1024 * size));
  c.grid.dx = terrain::kSide / double(c.grid.nx);
  c.grid.x0 = 0.0;
  c.grid.y0 = terrain::kSide;
  return c;
}

// The long roads, west to east: both banks of the river, and a hill road above each.
void build_long_roads(Builder& b, Roads& r) {
  r.n = static_cast<int>(terrain::kSide / kStep) - 1;
  for (int side = 0; side < 2; ++side) {
    const double s = side == 0 ? 1.0 : -1.0;  // 0: north bank, 1: south bank
    std::vector<std::pair<double, double>> vp, hp;
    for (int k = 1; k <= r.n; ++k) {
      const double x = k * kStep;
      vp.emplace_back(x, terrain::river_y(x) + s * kValleyOffset);
      hp.emplace_back(x, valley_axis(x) + s * kHillOffset);
    }
    r.valley[side] = b.chain(vp, kValley);
    r.hill[side] = b.chain(hp, kHill);
  }
}

// Switchbacks climb from the valley to the hill road every 1.28 km, staggered by bank; three
// bridges cross the river: the upstream village's, the old stone bridge mid-valley, the town's.
void build_switchbacks_and_bridges(Builder& b, const County& c, const Roads& r) {
  for (int side = 0; side < 2; ++side)
    for (int k = 1 + 2 * side; k < r.n; k += 4) {
      const auto& v = c.nodes[r.valley[side][k]];
      const auto& h = c.nodes[r.hill[side][k]];
      std::vector<std::pair<double, double>> p = line(v.x, v.y, h.x, h.y, 4);
      p.front() = {v.x, v.y};
      p.back() = {h.x, h.y};
      b.chain(p, kSwitchback);
    }
  std::vector<int> bridge_at = {5, 15, 26};  // x = 1920, 5120, 8640 m
  for (int k : bridge_at) b.road(r.valley[1][k], r.valley[0][k], kBridge);
}

// Town streets: a block grid on the north bank's floodplain, joined to the valley road.
void build_town(Builder& b, Roads& r) {
  for (int row = 0; row < 3; ++row) {
    r.town.emplace_back();
    for (int k = 24; k <= 29; ++k) {
      const double x = k * kStep;
      r.town.back().push_back(row == 0
                                  ? r.valley[0][k - 1]
                                  : b.node(x, terrain::river_y(x) + kValleyOffset + 180.0 * row));
    }
  }
  for (int row = 0; row < 3; ++row)
    for (size_t k = 0; k < r.town[row].size(); ++k) {
      if (row > 0 && k + 1 < r.town[row].size()) b.road(r.town[row][k], r.town[row][k + 1], kTown);
      if (row > 0) b.road(r.town[row - 1][k], r.town[row][k], kTown);
    }
}

// Spurs: dead-end lanes up side valleys to hamlets, reached only through the valley road.
void build_spurs(Builder& b, const County& c, Roads& r, Dice& dice) {
  for (int side = 0; side < 2; ++side)
    for (int k0 = 3 + side; k0 < r.n - 2; k0 += 5) {
      // Not where a switchback leaves the valley road: a hamlet's only way out is the valley.
      const int k = (k0 - 1 - 2 * side) % 4 == 0 ? k0 + 1 : k0;
      if (in_town(side, k)) continue;
      const auto& v = c.nodes[r.valley[side][k]];
      const double s = side == 0 ? 1.0 : -1.0;
      const double len = 420.0 + 200.0 * dice();
      const auto ids =
          b.chain(line(v.x, v.y, v.x + 120.0 * (dice() - 0.5), v.y + s * len, 2), kSpur);
      r.spur_end.push_back(ids.back());
    }
}

// Villages: every hamlet at a spur's end, and every fourth valley and hill node.
void add_villages(County& c, const Roads& r, Dice& dice) {
  size_t name = 0;
  auto village = [&](int node) {
    const size_t k = name++;
    const std::string base = kVillageNames[k % std::size(kVillageNames)];
    c.villages.push_back({k < std::size(kVillageNames) ? base : fmt::format("{}-{}", base, k), node,
                          80 + static_cast<int>(900 * dice())});
  };
  for (int e : r.spur_end) village(e);
  for (int side = 0; side < 2; ++side)
    for (int k = 2; k < r.n; k += 4) {
      if (in_town(side, k)) continue;
      village(r.valley[side][k]);
      village(r.hill[side][k + 1 < r.n ? k + 1 : k]);
    }
}

// Farms: the hamlets grow the produce, and fields line the valley roads. Trucks leave from the
// storm's start until two hours in, in farm order, so some meet the peak and some the recession.
void add_farms(County& c, const Roads& r, Dice& dice) {
  std::vector<int> farm_nodes = r.spur_end;
  for (int side = 0; side < 2; ++side)
    for (int k = 1 + side; k < r.n; k += 6)
      if (!in_town(side, k)) farm_nodes.push_back(r.valley[side][k]);
  for (size_t f = 0; f < farm_nodes.size(); ++f) {
    FarmTruck t;
    t.name = fmt::format("farm-{:02d}", f + 1);
    t.node = farm_nodes[f];
    t.produce = kProduce[f % std::size(kProduce)];
    t.tonnes = std::round(20.0 * (2.0 + 8.0 * dice())) / 20.0;
    t.departure_s = 300.0 * std::round(24.0 * double(f) / double(farm_nodes.size()));
    t.deadline_h = std::round(4.0 * (1.0 + 2.0 * dice())) / 4.0;  // 1 to 3 h, quarter hours
    c.farms.push_back(t);
  }
}

}  // namespace

County guizhou_county(double size, unsigned seed) {
  County c = empty_county(size, seed);
  Builder b(c);
  Dice dice(seed);
  Roads r;
  build_long_roads(b, r);
  build_switchbacks_and_bridges(b, c, r);
  build_town(b, r);
  build_spurs(b, c, r, dice);
  // Markets: the town's, and three depots on high ground at the county's edges.
  c.markets = {{"town-market", r.town[2][2]},
               {"guiyang-depot", r.hill[0].front()},
               {"kaili-wholesale", r.hill[0].back()},
               {"duyun-market", r.hill[1].back()}};
  add_villages(c, r, dice);
  add_farms(c, r, dice);
  validate(c);
  return c;
}

void validate(const County& c) {
  const auto& g = c.grid;
  if (g.nx <= 0 || g.ny <= 0 || !(g.dx > 0)) throw Error("county", "grid is empty");
  const long long nn = static_cast<long long>(c.nodes.size());
  for (size_t k = 0; k < c.nodes.size(); ++k) {
    const auto& p = c.nodes[k];
    if (!(p.x > g.x0 && p.x < g.x0 + g.nx * g.dx && p.y < g.y0 && p.y > g.y0 - g.ny * g.dx))
      throw Error(fmt::format("county: node {}", k),
                  fmt::format("({:.1f}, {:.1f}) lies outside the grid", p.x, p.y));
  }
  auto check_node = [nn](long long v, const std::string& where) {
    if (v < 0 || v >= nn)
      throw Error("county: " + where, fmt::format("node {} is not in 0..{}", v, nn - 1));
  };
  for (size_t k = 0; k < c.segments.size(); ++k) {
    const auto& s = c.segments[k];
    const auto where = fmt::format("segment {}", k);
    check_node(s.from, where);
    check_node(s.to, where);
    if (s.from == s.to) throw Error("county: " + where, "joins a node to itself");
    if (!(s.length_m > 0) || s.travel_s <= 0)
      throw Error("county: " + where, "length and travel time must be positive");
  }
  std::set<std::string> names;
  for (const auto& v : c.villages) {
    check_node(v.node, "village " + v.name);
    if (!names.insert(v.name).second) throw Error("county: village " + v.name, "named twice");
  }
  for (const auto& f : c.farms) {
    check_node(f.node, "farm " + f.name);
    if (!(f.tonnes > 0) || !(f.deadline_h > 0) || !(f.departure_s >= 0))
      throw Error("county: farm " + f.name,
                  "tonnes and deadline must be positive, departure not negative");
  }
  if (c.markets.empty()) throw Error("county", "has no market");
  for (const auto& m : c.markets) check_node(m.node, "market " + m.name);
}

}  // namespace karst::stormday
