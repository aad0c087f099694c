#pragma once
//! Distances from many sources to a set of targets: the rows of a travel-time table. Sources are
//! independent, so on host memory each thread runs whole searches of its own, one source after
//! another (kernels/routing/serial_delta_stepping.hpp), with no barrier per bucket; a thread takes
//! the next source when it finishes one, so uneven searches balance. Elsewhere (GPUs), and for a
//! search whose keys run out of bits, one parallel search per source. Either way the distances
//! are exact, so the table does not depend on who computed it.

#include "kernels/routing/delta_stepping.hpp"

#include <atomic>
#include <vector>

namespace karst::routing {

struct ManySourceDistances {
  std::vector<Weight> dist;         //!< [source][target], kUnreachable where no path
  std::int64_t relaxations = 0;     //!< arcs scanned, all searches
  std::int64_t reached_arcs = 0;    //!< out-arcs of the vertices reached, summed (Graph500 TEPS)
  int searches_one_per_thread = 0;  //!< sources searched by one thread alone
};

namespace detail {

// One parallel search for source s: its row and counts into `out`.
inline void parallel_search_row(const CsrGraph& g, VertexId source, Weight delta,
                                const Kokkos::View<VertexId*, MemSpace>& targets, size_t row,
                                ManySourceDistances& out) {
  const auto r = delta_stepping(g, source, delta, kUnreachable, SearchThreads::all);
  const auto dist = r.dist;
  const auto rp = g.row_ptr;
  std::int64_t arcs = 0;
  Kokkos::parallel_reduce(
      "routing::reached_arcs", IdPolicy(0, g.num_vertices),
      KOKKOS_LAMBDA(const VertexId v, std::int64_t& a) {
        if (dist(v) < kUnreachable) a += rp(v + 1) - rp(v);
      },
      arcs);
  Kokkos::View<Weight*, MemSpace> gathered("routing::row", targets.extent(0));
  Kokkos::parallel_for(
      "routing::gather_row", Kokkos::RangePolicy<ExecSpace>(0, targets.extent(0)),
      KOKKOS_LAMBDA(const size_t k) { gathered(k) = dist(targets(k)); });
  const auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), gathered);
  std::copy(host.data(), host.data() + host.extent(0), out.dist.begin() + row * host.extent(0));
  out.relaxations += r.relaxations;
  out.reached_arcs += arcs;
}

// Every source by one thread alone; returns the sources whose keys ran out of bits.
template <class Arcs>
std::vector<size_t> searches_one_per_thread(const CsrGraph& g, const Arcs& arcs,
                                            const std::vector<VertexId>& sources,
                                            const std::vector<VertexId>& targets, Weight delta,
                                            const KeyLayout& kl, ManySourceDistances& out) {
  using HostExec = Kokkos::DefaultHostExecutionSpace;
  const size_t ns = sources.size(), nt = targets.size();
  const int workers =
      static_cast<int>(std::min<size_t>(static_cast<size_t>(compat::concurrency<HostExec>()), ns));
  std::vector<SearchCounts> counts(static_cast<size_t>(workers));
  std::vector<char> overflowed(ns, 0);
  std::atomic<size_t> next_source{0};
  Kokkos::parallel_for(
      "routing::searches_one_per_thread", Kokkos::RangePolicy<HostExec>(0, workers),
      [&](const int w) {
        SerialSearch search(g.num_vertices, g.max_weight, delta);
        std::vector<Weight> key(static_cast<size_t>(g.num_vertices));
        for (size_t s; (s = next_source.fetch_add(1)) < ns;) {
          if (!search.run(g, arcs, sources[s], kUnreachable, kl, key.data(), counts[w])) {
            overflowed[s] = 1;
            continue;
          }
          for (size_t k = 0; k < nt; ++k) {
            const Weight kt = key[targets[k]];
            out.dist[s * nt + k] = kt >= kUnreachable ? kUnreachable : kt >> kl.weight_shift;
          }
        }
      });
  for (const auto& c : counts) {
    out.relaxations += c.relaxations;
    out.reached_arcs += c.reached_arcs;
  }
  std::vector<size_t> left;
  for (size_t s = 0; s < ns; ++s)
    if (overflowed[s]) left.push_back(s);
  out.searches_one_per_thread = static_cast<int>(ns - left.size());
  return left;
}

}  // namespace detail

//! `delta` > 0. Targets and sources are vertex ids of g.
inline ManySourceDistances many_source_distances(const CsrGraph& g,
                                                 const std::vector<VertexId>& sources,
                                                 const std::vector<VertexId>& targets,
                                                 Weight delta) {
  ManySourceDistances out;
  out.dist.assign(sources.size() * targets.size(), kUnreachable);
  std::vector<size_t> parallel(sources.size());
  for (size_t s = 0; s < sources.size(); ++s) parallel[s] = s;
  const auto kl = detail::key_layout(g, delta);
  if constexpr (detail::kHostMemory) {
    if (!kl.plain() && detail::SerialSearch::fits(g, delta) && !sources.empty()) {
      parallel = g.packed_arcs.extent(0) == static_cast<size_t>(g.num_edges)
                     ? detail::searches_one_per_thread(g, detail::PackedArcs{g.packed_arcs},
                                                       sources, targets, delta, kl, out)
                     : detail::searches_one_per_thread(g, detail::SplitArcs{g.col, g.weight},
                                                       sources, targets, delta, kl, out);
    }
  }
  if (parallel.empty()) return out;
  Kokkos::View<VertexId*, MemSpace> target_ids("routing::targets", targets.size());
  {
    auto h = Kokkos::create_mirror_view(target_ids);
    for (size_t k = 0; k < targets.size(); ++k) h(k) = targets[k];
    Kokkos::deep_copy(target_ids, h);
  }
  for (const size_t s : parallel)
    detail::parallel_search_row(g, sources[s], delta, target_ids, s, out);
  return out;
}

}  // namespace karst::routing
