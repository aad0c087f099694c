#pragma once
//! The road network a run works on, from its files or the built-in province, sized before
//! anything big is allocated (routing_memory.hpp); and the network written back out, as DIMACS
//! .gr for other shortest-path codes or in HDF5 with its coordinates for later runs.

#include "apps/routing/road_network.hpp"
#include "apps/routing/routing_config.hpp"
#include "base/mpi/comm.hpp"

#include <string>

namespace karst::routing {

//! A graph stored in HDF5 by an earlier export (else DIMACS .gr).
bool names_graph_h5(const std::string& path);
bool names_dimacs_gr(const std::string& path);

//! Collective (the memory check). The built-in province, or the graph file with its coordinates
//! and sources: the sources act as hubs (vertex 1 without them), vertex 1 as the market.
RoadNetwork read_road_network(const RoutingConfig& config, const mpi::Comm& comm);

//! Writes routing.export_graph on rank 0, if set.
void export_road_network(const RoutingConfig& config, const RoadNetwork& net,
                         const mpi::Comm& comm);

}  // namespace karst::routing
