// Paths read off delta-stepping's parent tree are shortest paths: they start at the source, end at
// the target, follow existing arcs, and their weights add up to the serial Dijkstra distance.
#include "io/graph/dimacs.hpp"
#include "kernels/routing/delta_stepping.hpp"
#include "kernels/routing/path_from_tree.hpp"
#include "support/dijkstra.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <map>
#include <tuple>
#include "support/source_dir.hpp"

using namespace karst;
using routing::VertexId;
using routing::Weight;

namespace {

void check_paths(const io::EdgeList& e, VertexId source) {
  const auto g = routing::build_csr(e.num_vertices, e.src, e.dst, e.weight);
  const auto r = routing::delta_stepping(g, source, routing::auto_delta(g));
  auto par = Kokkos::create_mirror_view_and_copy(HostSpace(), r.parent);
  const std::vector<VertexId> parent(par.data(), par.data() + e.num_vertices);
  const auto ref = test::dijkstra(e.num_vertices, e.src, e.dst, e.weight, source);
  std::map<std::pair<std::int64_t, std::int64_t>, Weight> lightest;
  for (size_t a = 0; a < e.src.size(); ++a) {
    const auto key = std::make_pair(e.src[a], e.dst[a]);
    const auto it = lightest.find(key);
    if (it == lightest.end() || e.weight[a] < it->second) lightest[key] = e.weight[a];
  }
  for (VertexId t = 0; t < e.num_vertices; t += 7) {
    const auto path = routing::path_from_tree(parent, source, t);
    if (ref[t] >= routing::kUnreachable) {
      EXPECT_TRUE(path.empty()) << t;
      continue;
    }
    ASSERT_FALSE(path.empty()) << t;
    EXPECT_EQ(path.front(), source);
    EXPECT_EQ(path.back(), t);
    Weight length = 0;
    for (size_t k = 0; k + 1 < path.size(); ++k) {
      const auto it = lightest.find({path[k], path[k + 1]});
      ASSERT_NE(it, lightest.end()) << "no arc " << path[k] << "->" << path[k + 1];
      length += it->second;
    }
    EXPECT_EQ(length, ref[t]) << "path to " << t;
  }
}

}  // namespace

TEST(PathFromTree, ShortestPathsOnRome99) {
  const std::string file = karst::test::source_dir() + "/../shared/data/roads/rome99.gr";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no shared data at " << file;
  const auto e = io::read_dimacs_gr(file);
  for (VertexId s : {0, 1234, 3352}) check_paths(e, s);
}

TEST(PathFromTree, UnreachableZeroWeightsAndBrokenTrees) {
  // 0 -> 1 -> 2 (zero weight) -> 3, 4 unreachable, 2 -> 1 a zero-weight cycle.
  io::EdgeList e;
  e.num_vertices = 5;
  const std::initializer_list<std::tuple<int, int, int>> arcs = {
      {0, 1, 5}, {1, 2, 0}, {2, 1, 0}, {2, 3, 4}, {0, 3, 20}};
  for (auto [u, v, w] : arcs) {
    e.src.push_back(u);
    e.dst.push_back(v);
    e.weight.push_back(w);
  }
  check_paths(e, 0);
  EXPECT_EQ(routing::path_from_tree({0, 0, 1, 2, -1}, 0, 3), (std::vector<VertexId>{0, 1, 2, 3}));
  EXPECT_TRUE(routing::path_from_tree({0, 0, 1, 2, -1}, 0, 4).empty());
  EXPECT_EQ(routing::path_from_tree({0, 0, 1, 2, -1}, 0, 0), (std::vector<VertexId>{0}));
  EXPECT_THROW(routing::path_from_tree({0, 2, 1, 2, -1}, 0, 3), Error);  // cycle 1 <-> 2
  EXPECT_THROW(routing::path_from_tree({0, 0, 9, 2, -1}, 0, 3), Error);  // parent out of range
  EXPECT_THROW(routing::path_from_tree({1, 0, 1, 2, -1}, 0, 3), Error);  // not rooted at 0
  EXPECT_THROW(routing::path_from_tree({0, 0, 1, 2, -1}, 0, 5), Error);  // target outside
}
