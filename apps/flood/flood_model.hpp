#pragma once
//! The flood model on one rank: its block of the state in Kokkos Views (with one ghost layer), the
//! halo plan, and the time step. Construct from a FloodSetup, then call step() until done().
//! Results are identical bitwise for any number of ranks: every cell sees the same neighbours and
//! the same dt (a max-reduction, which is exact), whatever the decomposition.

#include "apps/flood/decomposition.hpp"
#include "apps/flood/flood_setup.hpp"
#include "apps/flood/halo_exchange.hpp"
#include "apps/flood/point_inflows.hpp"
#include "bench/profile.hpp"
#include "kernels/hydro/flux_update.hpp"
#include "kernels/hydro/row_sweep_update.hpp"

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

class FloodModel {
 public:
  FloodModel(const FloodSetup& setup, const mpi::Comm& comm, bool gpu_aware_mpi = false,
             bench::Profile* profile = nullptr);

  //! Advances one time step, never past t_end or a forcing breakpoint. Collective.
  void step();
  bool done() const { return time_ >= setup_.t_end; }
  double time() const { return time_; }
  long long steps() const { return steps_; }
  double last_dt() const { return last_dt_; }

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

  const FloodSetup& setup() const { return setup_; }
  const Decomposition& decomposition() const { return decomp_; }
  const hydro::Fields& state() const { return state_; }
  const hydro::Maps& maps() const { return maps_; }
  const Field2D& bed() const { return bed_; }

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
  //! Collective: continues from `s` (the fields already restored).
  void restore(const RestartState& s);
  hydro::Fields& mutable_state() { return state_; }
  hydro::Maps& mutable_maps() { return maps_; }
  //! Recomputes the wave speed (for dt) from the current state, after restore().
  void refresh_wave_speed();

 private:
  void allocate_fields();
  void fill_inputs();
  void refresh_rain_frame();
  void fill_block(const BlockFiller& filler, const Field2D& target, const char* what,
                  bool non_negative = false) const;
  void set_up_edges();
  void set_up_gauges();
  void stop_rain_on_walls();
  bench::Profile& profile() { return profile_ ? *profile_ : own_profile_; }
  hydro::StepParams next_step() const;
  hydro::StepTotals advance(const hydro::StepParams& p);
  hydro::StepTotals update(const hydro::StepParams& p, int i0, int i1, int j0, int j1);
  void fill_edges(double t);
  void check_gauges();
  //! Collective: throws, naming the first cell and the time, if the step produced NaN or Inf.
  void check_finite(double first_bad_local, double t) const;

  FloodSetup setup_;
  bool row_sweep_;  //!< the update's form (FloodSetup::update_form, resolved for this backend)
  Decomposition decomp_;
  bench::Profile* profile_;
  bench::Profile own_profile_;  //!< used when the caller passes none
  std::unique_ptr<HaloExchange> halo_;
  hydro::Fields state_, next_;
  hydro::Maps maps_;
  Field2D bed_, roughness_, rain_pattern_, infiltration_pattern_;
  std::vector<hydro::EdgeCondition> edges_;
  PointInflows inflows_;
  std::vector<GaugeState> gauges_;
  Kokkos::View<int* [2], MemSpace> gauge_cells_;  //!< local (i, j) of owned gauges
  Kokkos::View<double* [4], MemSpace> gauge_thresholds_;
  Kokkos::View<double* [4], MemSpace> gauge_first_;
  std::vector<int> owned_gauges_;  //!< indices into gauges_
  double time_ = 0.0, last_dt_ = 0.0, max_speed_ = 0.0;
  long long steps_ = 0;
  long long rain_frame_ = -1;  //!< the gridded rain frame in rain_pattern_ (-1: none)
  MassBudget local_;
};

}  // namespace karst::flood
