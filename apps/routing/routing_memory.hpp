#pragma once
//! What a routing run needs in memory per rank, estimated from the graph's counts before the
//! graph is built (apps/common/memory_check.hpp refuses a case that cannot fit). Every rank holds
//! the whole arc list; the tables mode adds two CSR replicas, one search's work arrays and the
//! travel-time tables (hubs x farms, markets x hubs); the sssp mode adds its share of the
//! partitioned graph and, for routing.path_to, the gathered parent tree.

#include "apps/common/memory_check.hpp"

namespace karst::routing {

struct RoutingSize {
  double vertices = 0, arcs = 0;
  double arc_capacity = 0;  //!< room the arc vectors hold (push_back doubles it)
  double farms = 0, hubs = 0, markets = 0;
  bool coordinates = false;
  bool sssp_mode = false, path_to = false;
};

//! The built-in province at `size` (road_network.hpp), its counts known before it is built.
RoutingSize guizhou_roads_size(double size);

apps::MemoryNeed routing_memory_need(const RoutingSize& s, int ranks);

}  // namespace karst::routing
