#pragma once
//! Flood hazard along every road segment, window by window: the stage's record of what each road
//! went through. The recorder watches the flood's time loop (flood::FloodObserver): after every
//! step a kernel folds the state into each road cell's running maxima; when a window ends the
//! maxima are reduced per segment on the device, then over ranks (MPI_Allreduce MAX, exact in any
//! order, so the record is bitwise the same on any number of ranks).

#include "apps/flood/flood_model.hpp"
#include "apps/stormday/county.hpp"
#include "apps/stormday/road_cells.hpp"
#include "bench/profile.hpp"
#include "kernels/hydro/road_hazard.hpp"

#include <vector>

namespace karst::stormday {

//! Per window w and segment s, the maxima over the segment's cells and the window's steps.
struct RoadHazard {
  double window_s = 0.0;
  //! End of each window, s. Window w covers the states at times (end[w-1], end[w]] (from t = 0
  //! for the first); the last window ends at the end of the simulation.
  std::vector<double> window_end_s;
  std::vector<std::vector<double>> max_depth_m;        //!< [window][segment], m
  std::vector<std::vector<double>> max_speed_m_per_s;  //!< [window][segment], m/s
  std::vector<std::vector<double>> max_hazard_rating;  //!< [window][segment], FD2320 HR
  std::vector<long long> road_cells;     //!< per segment: cells watched, over all ranks
  std::vector<long long> bridged_cells;  //!< per segment: cells left out as permanent water
  size_t windows() const { return window_end_s.size(); }
  size_t segments() const { return road_cells.size(); }
};

class RoadHazardRecorder {
 public:
  //! `window_s`: the length of a hazard window, s (positive).
  RoadHazardRecorder(const County& county, double window_s, bench::Profile& profile);

  //! Collective. Finds this rank's road cells in the model's block and records the state at the
  //! model's current time into the first window.
  void start(const flood::FloodModel& model);
  //! Collective. Closes every window the model's time has passed, then records the state.
  void after_step(const flood::FloodModel& model);
  //! Collective. Closes the last window at `t_end` (if it saw any step) and returns the record.
  RoadHazard finish(double t_end);

 private:
  void close_window(double end_s);

  const County& county_;
  double window_s_;
  bench::Profile& profile_;
  mpi::Comm comm_;
  hydro::RoadCellViews views_;
  Kokkos::View<double* [3], MemSpace> segment_max_;
  double window_end_ = 0.0;
  bool window_has_samples_ = false;
  bool started_ = false;
  RoadHazard record_;
};

}  // namespace karst::stormday
