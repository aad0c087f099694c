#pragma once
//! The flood model on one rank: its block of the state in Kokkos Views (with one ghost layer), the
//! halo plan, and the time step. Construct from a FloodSetup, then call step() until done().
//! Results are identical bitwise for any number of ranks: every cell sees the same neighbours and
//! the same dt (a max-reduction, which is exact), whatever the decomposition.

#include "apps/flood/decomposition.hpp"
#include "apps/flood/flood_setup.hpp"
#include "bench/profile.hpp"
#include "kernels/hydro/flux_update.hpp"

#include <memory>
#include <vector>

namespace karst::flood {

//! Volumes in m3 since t = 0, summed over ranks.
struct MassBudget {
  double volume = 0.0;  //!< water on the grid now
  double initial_volume = 0.0;
  double rain = 0.0;
  double infiltrated = 0.0;
  double boundary_net_in = 0.0;  //!< in through domain edges minus out
  double clipped = 0.0;          //!< added by clipping round-off negatives
  double point_inflow = 0.0;     //!< added by flood.inflows
  //! volume - (initial + rain - infiltrated + boundary + clipped + point inflows): zero to
  //! round-off.
  double imbalance() const {
    return volume -
           (initial_volume + rain - infiltrated + boundary_net_in + clipped + point_inflow);
  }
};

//! Where a gauge sits and what it has seen.
struct GaugeState {
  Gauge spec;
  long long gi = 0, gj = 0;  //!< global cell
  int owner = 0;             //!< rank (of the model's communicator) that owns the cell
  std::vector<double> first_reached = {-1, -1, -1, -1};  //!< s per warning level, -1 if never
};

//! The model's precision (FloodSetup::precision) is chosen when it is built: the fields and the
//! update live in a FloodModel::Core of that type (flood_model_core.cpp); this class is what the
//! rest of the code sees, the same whatever the precision. What it returns is double: an FP32
//! model widens its fields when asked for them (outputs and checkpoints, not every step).
class FloodModel {
 public:
  FloodModel(const FloodSetup& setup, const mpi::Comm& comm, bool gpu_aware_mpi = false,
             bench::Profile* profile = nullptr);
  ~FloodModel();
  FloodModel(FloodModel&&) noexcept;
  FloodModel& operator=(FloodModel&&) noexcept;

  //! Advances one time step, never past t_end or a forcing breakpoint. Collective.
  void step();
  bool done() const;
  double time() const;
  long long steps() const;
  double last_dt() const;

  //! Collective.
  MassBudget budget() const;
  //! Collective: the whole field on every rank, row-major ny x nx (for tests and small outputs).
  std::vector<double> gather(const Field2D& field) const;
  //! Collective: gauge states with first-reached times merged from their owners.
  std::vector<GaugeState> gauges() const;
  //! Collective: depth at every gauge now.
  std::vector<double> gauge_depths() const;
  //! Collective: the minimum depth over all owned cells (a positivity check for tests).
  double min_depth() const;

  const FloodSetup& setup() const;
  const Decomposition& decomposition() const;
  const hydro::Fields& state() const;
  const hydro::Maps& maps() const;
  const Field2D& bed() const;

  //! For checkpoint/restart: the counters and sums that are not fields. With the fields (state
  //! and maps, through mutable_state() and mutable_maps()) it is the complete dynamic state, so
  //! a restart continues bitwise.
  struct RestartState {
    double time = 0.0;
    long long steps = 0;
    MassBudget local_budget;                         //!< this rank's accumulated sums
    std::vector<std::vector<double>> first_reached;  //!< of this rank's gauges
  };
  RestartState restart_state() const;
  //! Collective: continues from `s`, the fields already written into mutable_state() and
  //! mutable_maps() (which an FP32 model takes back into its own fields here).
  void restore(const RestartState& s);
  hydro::Fields& mutable_state();
  hydro::Maps& mutable_maps();
  //! Recomputes the wave speed (for dt) from the current state, after restore().
  void refresh_wave_speed();

  class Core;  //!< the model at one precision (flood_model_core.hpp)

 private:
  std::unique_ptr<Core> core_;
};

}  // namespace karst::flood
