#pragma once
//! Strongly connected components of a road graph, serial (Tarjan's algorithm without recursion,
//! so a road chain of 10^6 vertices does not overflow the stack). For the graph report of an
//! OpenStreetMap import and for snapping sites to the largest component.

#include "io/graph/dimacs.hpp"

#include <cstdint>
#include <vector>

namespace karst::routing {

struct Components {
  std::vector<std::int64_t> of;  //!< component id per vertex, 0-based
  std::int64_t count = 0;
  std::int64_t largest = -1;  //!< id of a largest component (the lowest such id)
  std::int64_t largest_size = 0;
};

Components strong_components(const io::EdgeList& arcs);

}  // namespace karst::routing
