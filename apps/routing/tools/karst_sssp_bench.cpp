//! karst_sssp_bench: time single delta-stepping SSSPs on a DIMACS .gr graph, the way GAPBS's
//! `sssp -f G.gr -r SRC -n TRIALS -d DELTA` does, so the two can be run side by side on the same
//! graph, sources and threads (docs/performance.md). The graph is used as written (no reversal,
//! unlike `karst routing`, whose tables need arrival times). Sources are 0-based like GAPBS's -r.
//! Prints one line per trial and a summary; each trial is one full delta_stepping() call, parent
//! tree and allocations included, fenced. `--table K` times tables instead: K random sources (of
//! nonzero out-degree, fixed seed, as GAPBS picks them without -r) to the same K as targets, all in
//! one many_source_distances() call per trial, reported as sources per second.

#include "io/graph/dimacs.hpp"
#include "kernels/common/kokkos_compat.hpp"
#include "kernels/routing/delta_stepping.hpp"
#include "kernels/routing/many_source_search.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <Kokkos_Core.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <vector>

namespace {

using namespace karst;

struct Options {
  std::string graph;
  std::vector<std::int64_t> sources{0};
  int trials = 16;
  routing::Weight delta = 0;
  routing::Weight limit = routing::kUnreachable;
  routing::SearchThreads threads = routing::SearchThreads::automatic;
  int table = 0;
};

std::vector<std::int64_t> random_sources(const routing::CsrGraph& g, int count) {
  auto rp = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g.row_ptr);
  std::mt19937_64 rng(27491095);
  std::vector<std::int64_t> s;
  while (static_cast<int>(s.size()) < count) {
    const auto v = static_cast<routing::VertexId>(rng() % std::uint64_t(g.num_vertices));
    if (rp(v + 1) > rp(v)) s.push_back(v);
  }
  return s;
}

void print_summary(std::vector<double> times, const char* what) {
  std::sort(times.begin(), times.end());
  double sum = 0;
  for (double t : times) sum += t;
  fmt::print("min {:.6f} s, median {:.6f} s, mean {:.6f} s over {} {}\n", times.front(),
             times[times.size() / 2], sum / times.size(), times.size(), what);
}

int bench_table(const routing::CsrGraph& g, const Options& o, routing::Weight delta) {
  const auto sources = random_sources(g, o.table);
  std::vector<double> times;
  for (int t = 0; t < o.trials; ++t) {
    Kokkos::fence();
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = routing::many_source_distances(g, sources, sources, delta, o.threads);
    Kokkos::fence();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    times.push_back(s);
    fmt::print(
        "table trial {}: {:.6f} s, {} sources ({} by one thread each), {:.1f} sources/s, {:.6f} s "
        "per source, {:.4f} GTEPS\n",
        t, s, sources.size(), r.searches_one_per_thread, sources.size() / s, s / sources.size(),
        r.reached_arcs / s * 1e-9);
  }
  print_summary(times, "tables");
  return 0;
}

int bench(const Options& o) {
  const auto arcs = io::read_dimacs_gr(o.graph);
  const auto g = routing::build_csr(arcs.num_vertices, arcs.src, arcs.dst, arcs.weight);
  const routing::Weight delta = o.delta > 0 ? o.delta : routing::auto_delta(g);
  fmt::print("graph {}: {} nodes, {} arcs, delta {}{}, {} threads ({})\n", o.graph,
             arcs.num_vertices, arcs.src.size(), delta, o.delta > 0 ? "" : " (auto)",
             compat::concurrency(), ExecSpace::name());
  if (o.table > 0) return bench_table(g, o, delta);
  std::vector<double> times;
  for (const auto source : o.sources) {
    if (source < 0 || source >= arcs.num_vertices)
      throw std::runtime_error(
          fmt::format("source {} is outside 0..{}", source, arcs.num_vertices - 1));
    for (int t = 0; t < o.trials; ++t) {
      Kokkos::fence();
      const auto t0 = std::chrono::steady_clock::now();
      const auto r = routing::delta_stepping(g, static_cast<routing::VertexId>(source), delta,
                                             o.limit, o.threads);
      Kokkos::fence();
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      times.push_back(s);
      // Graph500 TEPS: arcs whose tail was reached, over the time of one SSSP.
      const std::int64_t traversed = routing::reached_arcs(g, r.dist);
      fmt::print(
          "source {} trial {}: {:.6f} s, {} relaxations, {} buckets, {} phases, {} arcs "
          "traversed, {:.4f} GTEPS\n",
          source, t, s, r.relaxations, r.buckets, r.phases, traversed, traversed / s * 1e-9);
    }
  }
  print_summary(times, "SSSPs");
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
  const std::map<std::string, routing::SearchThreads> threads{
      {"auto", routing::SearchThreads::automatic},
      {"one", routing::SearchThreads::one},
      {"all", routing::SearchThreads::all},
      {"launches", routing::SearchThreads::launches}};
  app.add_option("-t,--search-threads", o.threads,
                 "threads per search: one, all, auto (one below 20,000 vertices), or launches "
                 "(all, one launch per bucket as on GPUs)")
      ->transform(CLI::CheckedTransformer(threads));
  app.add_option("--table", o.table,
                 "time a K x K table of K random sources instead of single SSSPs")
      ->check(CLI::Range(1, 1000000));
  CLI11_PARSE(app, argc, argv);
  Kokkos::ScopeGuard kokkos(argc, argv);
  try {
    return bench(o);
  } catch (const std::exception& e) {
    fmt::print(stderr, "karst_sssp_bench: {}\n", e.what());
    return 1;
  }
}
