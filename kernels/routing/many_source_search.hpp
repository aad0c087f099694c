#pragma once
//! Distances from many sources to a set of targets: the rows of a travel-time table. Sources are
//! independent, so on host memory each thread runs whole searches of its own, one source after
//! another (kernels/routing/serial_delta_stepping.hpp), with no barrier per bucket; a thread takes
//! the next source when it finishes one, so uneven searches balance. Elsewhere (GPUs), and for a
//! search whose keys run out of bits, one parallel search per source. Either way the distances
//! are exact, so the table does not depend on who computed it. Each row may have its own targets
//! and search limit (the legs of vehicle routes, apps/routing/route_legs.cpp).

#include "kernels/routing/delta_stepping.hpp"

#include <atomic>
#include <vector>

namespace karst::routing {

//! One row of a table: the distances from `source` to `count` targets, into `row`. Those at or
//! beyond `limit` come back kUnreachable, as from delta_stepping() with that limit.
struct RowRequest {
  VertexId source = 0;
  Weight limit = kUnreachable;
  const std::int64_t* targets = nullptr;
  size_t count = 0;
  Weight* row = nullptr;
};

struct ManySourceCounts {
  std::int64_t relaxations = 0;     //!< arcs scanned, all searches
  std::int64_t reached_arcs = 0;    //!< out-arcs of the vertices reached, summed (Graph500 TEPS)
  int searches_one_per_thread = 0;  //!< sources searched by one thread alone
};

namespace detail {

KOKKOS_INLINE_FUNCTION Weight distance_below(Weight d, Weight limit) {
  return d >= limit ? kUnreachable : d;
}

// One search for a row by all threads (`all` or `launches`).
inline void parallel_search_row(const CsrGraph& g, const RowRequest& q, Weight delta,
                                SearchThreads threads, ManySourceCounts& counts) {
  const auto r = delta_stepping(g, q.source, delta, q.limit, threads);
  const auto dist = r.dist;
  Kokkos::View<const std::int64_t*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>
      targets_host(q.targets, q.count);
  const auto targets = Kokkos::create_mirror_view_and_copy(MemSpace(), targets_host);
  Kokkos::View<Weight*, MemSpace> gathered("routing::row", q.count);
  Kokkos::parallel_for(
      "routing::gather_row", Kokkos::RangePolicy<ExecSpace>(0, q.count),
      KOKKOS_LAMBDA(const size_t k) { gathered(k) = dist(targets(k)); });
  Kokkos::View<Weight*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> row(q.row,
                                                                                        q.count);
  Kokkos::deep_copy(row, gathered);
  counts.relaxations += r.relaxations;
  counts.reached_arcs += reached_arcs(g, dist);
}

// Every row by one thread alone; returns the rows whose keys ran out of bits.
template <class Arcs>
std::vector<size_t> searches_one_per_thread(const CsrGraph& g, const Arcs& arcs,
                                            const std::vector<RowRequest>& rows, Weight delta,
                                            const KeyLayout& kl, ManySourceCounts& out) {
  using HostExec = Kokkos::DefaultHostExecutionSpace;
  const size_t nr = rows.size();
  const int workers =
      static_cast<int>(std::min<size_t>(static_cast<size_t>(compat::concurrency<HostExec>()), nr));
  std::vector<SearchCounts> counts(static_cast<size_t>(workers));
  std::vector<char> overflowed(nr, 0);
  std::atomic<size_t> next_row{0};
  Kokkos::parallel_for("routing::searches_one_per_thread",
                       Kokkos::RangePolicy<HostExec>(0, workers), [&](const int w) {
                         SerialSearch search(g.num_vertices, g.max_weight, delta);
                         std::vector<Weight> key(static_cast<size_t>(g.num_vertices));
                         for (size_t i; (i = next_row.fetch_add(1)) < nr;) {
                           const RowRequest& q = rows[i];
                           if (!search.run(g, arcs, q.source, q.limit, kl, key.data(), counts[w])) {
                             overflowed[i] = 1;
                             continue;
                           }
                           for (size_t k = 0; k < q.count; ++k) {
                             const Weight kt = key[q.targets[k]];
                             q.row[k] = kt >= kUnreachable
                                            ? kUnreachable
                                            : distance_below(kt >> kl.weight_shift, q.limit);
                           }
                         }
                       });
  for (const auto& c : counts) {
    out.relaxations += c.relaxations;
    out.reached_arcs += c.reached_arcs;
  }
  std::vector<size_t> left;
  for (size_t i = 0; i < nr; ++i)
    if (overflowed[i]) left.push_back(i);
  out.searches_one_per_thread = static_cast<int>(nr - left.size());
  return left;
}

}  // namespace detail

//! Fills every request's row. `delta` > 0. `threads`: `all` or `launches` gives every row a search
//! of its own by all threads.
inline ManySourceCounts search_rows(const CsrGraph& g, const std::vector<RowRequest>& rows,
                                    Weight delta,
                                    SearchThreads threads = SearchThreads::automatic) {
  ManySourceCounts counts;
  std::vector<size_t> parallel(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) parallel[i] = i;
  const auto kl = detail::key_layout(g, delta);
  if constexpr (detail::kHostMemory) {
    const bool all_per_row = threads == SearchThreads::all || threads == SearchThreads::launches;
    if (!all_per_row && !kl.plain() && detail::SerialSearch::fits(g, delta) && !rows.empty()) {
      parallel = g.packed_arcs.extent(0) == static_cast<size_t>(g.num_edges)
                     ? detail::searches_one_per_thread(g, detail::PackedArcs{g.packed_arcs}, rows,
                                                       delta, kl, counts)
                     : detail::searches_one_per_thread(g, detail::SplitArcs{g.col, g.weight}, rows,
                                                       delta, kl, counts);
    }
  }
  const auto each = threads == SearchThreads::launches ? threads : SearchThreads::all;
  for (const size_t i : parallel) detail::parallel_search_row(g, rows[i], delta, each, counts);
  return counts;
}

struct ManySourceDistances : ManySourceCounts {
  std::vector<Weight> dist;  //!< [source][target], kUnreachable where no path
};

//! The whole table from `sources` to `targets`. `delta` > 0.
inline ManySourceDistances many_source_distances(const CsrGraph& g,
                                                 const std::vector<std::int64_t>& sources,
                                                 const std::vector<std::int64_t>& targets,
                                                 Weight delta,
                                                 SearchThreads threads = SearchThreads::automatic) {
  ManySourceDistances out;
  out.dist.assign(sources.size() * targets.size(), kUnreachable);
  std::vector<RowRequest> rows(sources.size());
  for (size_t s = 0; s < sources.size(); ++s)
    rows[s] = {static_cast<VertexId>(sources[s]), kUnreachable, targets.data(), targets.size(),
               out.dist.data() + s * targets.size()};
  static_cast<ManySourceCounts&>(out) = search_rows(g, rows, delta, threads);
  return out;
}

}  // namespace karst::routing
