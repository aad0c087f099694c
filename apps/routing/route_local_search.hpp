#pragma once
//! The improvement phase of the vehicle routes: best-improvement local search over
//!  - inside a route: 2-opt (reverse a stretch) and or-opt (move up to three farms elsewhere);
//!  - between two routes, or a route and a new one: relocation and exchange of segments of up to
//!    three farms in either orientation, and exchange of tails (2-opt*, which also joins and
//!    splits routes);
//!  - pair re-optimisation: two routes holding at most kMaxExactFarms farms together are split
//!    anew into at most two routes, each in its best order (SubsetRoutes);
//!  - ejection chains of depth two (a farm takes another's place, which moves to a third route)
//!    and route removal (the two or three farms of a route each move to a different route), with
//!    short routes re-sequenced.
//! Time limits make the landscape rugged: a farm often fits a route only in another farm's place
//! or once the route's order changes, which no single classic move does; the last two kinds are
//! there for that. The best move of every route and pair of routes is cached and recomputed only
//! when one of its routes changes, so a step costs O(routes) pair scans, not O(routes^2).

#include "apps/routing/vehicle_routes.hpp"

#include <vector>

namespace karst::routing {

//! Two routes with at most this many farms together are re-optimised exactly (2^k x k^2 work).
inline constexpr int kMaxExactFarms = 10;

//! Improves feasible `routes` in place until no move gains; returns the number of moves applied.
//! Empty routes are dropped; the order of the others is kept where they survive.
int improve_routes(const RouteProblem& problem, std::vector<std::vector<int>>& routes);

}  // namespace karst::routing
