//! karst_sssp_bench: time single delta-stepping SSSPs on a DIMACS .gr graph, the way GAPBS's
//! `sssp -f G.gr -r SRC -n TRIALS -d DELTA` does, so the two can be run side by side on the same
//! graph, sources and threads (docs/performance.md). The graph is used as written (no reversal,
//! unlike `karst routing`, whose tables need arrival times). Sources are 0-based like GAPBS's -r.
//! Prints one line per trial and a summary; each trial is one full delta_stepping() call, parent
//! tree and allocations included, fenced.

#include "io/graph/dimacs.hpp"
#include "kernels/common/kokkos_compat.hpp"
#include "kernels/routing/delta_stepping.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <Kokkos_Core.hpp>

#include <algorithm>
#include <chrono>
#include <vector>

namespace {

using namespace karst;

struct Options {
  std::string graph;
  std::vector<std::int64_t> sources{0};
  int trials = 16;
  routing::Weight delta = 0;
  routing::Weight limit = routing::kUnreachable;
};

int bench(const Options& o) {
  const auto arcs = io::read_dimacs_gr(o.graph);
  const auto g = routing::build_csr(arcs.num_vertices, arcs.src, arcs.dst, arcs.weight);
  const routing::Weight delta = o.delta > 0 ? o.delta : routing::auto_delta(g);
  fmt::print("graph {}: {} nodes, {} arcs, delta {}{}, {} threads ({})\n", o.graph,
             arcs.num_vertices, arcs.src.size(), delta, o.delta > 0 ? "" : " (auto)",
             compat::concurrency(), ExecSpace::name());
  std::vector<double> times;
  for (const auto source : o.sources) {
    if (source < 0 || source >= arcs.num_vertices)
      throw std::runtime_error(
          fmt::format("source {} is outside 0..{}", source, arcs.num_vertices - 1));
    for (int t = 0; t < o.trials; ++t) {
      Kokkos::fence();
      const auto t0 = std::chrono::steady_clock::now();
      const auto r =
          routing::delta_stepping(g, static_cast<routing::VertexId>(source), delta, o.limit);
      Kokkos::fence();
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      times.push_back(s);
      // Graph500 TEPS: arcs whose tail was reached, over the time of one SSSP.
      std::int64_t traversed = 0;
      const auto dist = r.dist;
      const auto rp = g.row_ptr;
      Kokkos::parallel_reduce(
          "routing::bench_traversed_arcs",
          Kokkos::RangePolicy<ExecSpace, Kokkos::IndexType<routing::VertexId>>(0, g.num_vertices),
          KOKKOS_LAMBDA(const routing::VertexId v, std::int64_t& a) {
            if (dist(v) < routing::kUnreachable) a += rp(v + 1) - rp(v);
          },
          traversed);
      fmt::print(
          "source {} trial {}: {:.6f} s, {} relaxations, {} buckets, {} phases, {} arcs "
          "traversed, {:.4f} GTEPS\n",
          source, t, s, r.relaxations, r.buckets, r.phases, traversed, traversed / s * 1e-9);
    }
  }
  std::sort(times.begin(), times.end());
  double sum = 0;
  for (double t : times) sum += t;
  fmt::print("min {:.6f} s, median {:.6f} s, mean {:.6f} s over {} SSSPs\n", times.front(),
             times[times.size() / 2], sum / times.size(), times.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Time single delta-stepping SSSPs on a DIMACS .gr graph (GAPBS-style options).",
               "karst_sssp_bench"};
  app.add_option("-f,--graph", o.graph, "DIMACS .gr file")->required()->check(CLI::ExistingFile);
  app.add_option("-r,--source", o.sources, "0-based source vertex (repeatable)")
      ->capture_default_str();
  app.add_option("-n,--trials", o.trials, "SSSPs per source")->check(CLI::Range(1, 1000000));
  app.add_option("-d,--delta", o.delta, "bucket width; 0 picks routing::auto_delta")
      ->check(CLI::NonNegativeNumber);
  app.add_option("-l,--limit", o.limit, "stop the search at this distance")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  Kokkos::ScopeGuard kokkos(argc, argv);
  try {
    return bench(o);
  } catch (const std::exception& e) {
    fmt::print(stderr, "karst_sssp_bench: {}\n", e.what());
    return 1;
  }
}
