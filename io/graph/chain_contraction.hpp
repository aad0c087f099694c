#pragma once
//! Degree-2 chain contraction of a road graph (docs/routing.md, "Chain contraction"). A vertex
//! is *contractible* when it is not in `keep` and either (one-way) it has exactly one arc in,
//! u -> v, and one arc out, v -> w, with u, v, w distinct, or (two-way) exactly two neighbours
//! a != b, both distinct from v, joined both ways (arcs a -> v, v -> a, b -> v, v -> b and no
//! other). A maximal run of contractible vertices between two other vertices s and t is a chain;
//! it becomes one arc s -> t (and t -> s for a two-way chain) with the summed weight, and its
//! interior vertices keep their ids but lose their arcs. Chains that close on themselves (s == t)
//! give no arc; runs with no end outside them (isolated cycles) are left as they are.
//!
//! Distances between the remaining vertices are unchanged, and expand_distances gives every
//! interior vertex its exact distance back: the start's distance plus the weight along the chain,
//! the better of both ends for a two-way chain (a path from outside can only enter there).
//! Pure: no MPI, no files, no Kokkos.

#include "io/graph/dimacs.hpp"

#include <cstdint>
#include <vector>

namespace karst::io {

struct ChainContraction {
  EdgeList graph;  //!< the same vertex ids; chains replaced by one arc per direction
  //! Per contracted (interior) vertex: its id, the chain's ends, and the weight of the way from
  //! each end along the chain to it (-1: no way in from that end, as on a one-way chain's end).
  std::vector<std::int64_t> interior, start, end, from_start, from_end;
  std::int64_t chains = 0;  //!< chains contracted (a two-way chain counts once)

  //! Vertices that are not interior to a chain (the contracted graph as a search sees it).
  std::int64_t remaining_vertices() const;
};

//! `keep[v]` (size num_vertices, or empty for none): vertices that must stay, e.g. a source, a
//! path's target, sites. Throws karst::Error when `keep` has the wrong size.
ChainContraction contract_chains(const EdgeList& g, const std::vector<bool>& keep);

//! Distances on the original graph from distances on `c.graph` (the same source, which must not
//! be an interior vertex): interior vertices get theirs from the chain's ends; every other entry is
//! copied. `unreachable` marks no path, in and out; sums stay below it.
std::vector<std::int64_t> expand_distances(const ChainContraction& c,
                                           std::vector<std::int64_t> dist,
                                           std::int64_t unreachable);

}  // namespace karst::io
