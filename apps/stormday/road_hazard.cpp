#include "apps/stormday/road_hazard.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <cmath>

namespace karst::stormday {

RoadHazardRecorder::RoadHazardRecorder(const County& county, double window_s,
                                       bench::Profile& profile)
    : county_(county), window_s_(window_s), profile_(profile) {
  if (!(window_s > 0) || !std::isfinite(window_s))
    throw Error("stormday.flood.window_s", fmt::format("{} is not a positive time", window_s));
  record_.window_s = window_s;
}

void RoadHazardRecorder::start(const flood::FloodModel& model) {
  const auto& d = model.decomposition();
  comm_ = d.cart;
  if (window_s_ < model.setup().max_dt)
    throw Error("stormday.flood.window_s",
                fmt::format("{} s is shorter than the flood's longest time step ({} s), so a "
                            "window could hold no state at all",
                            window_s_, model.setup().max_dt));
  const auto cells = road_cells(county_, model.setup().initial_depth, d.i0, d.j0, d.ny, d.nx);
  const int n = static_cast<int>(cells.cells.size());
  const int segments = static_cast<int>(cells.segments());
  views_.cell = Kokkos::View<int* [2], MemSpace>("stormday::road_cells", n);
  views_.segment_begin = Kokkos::View<int*, MemSpace>("stormday::road_segment_begin", segments + 1);
  views_.cell_max = Kokkos::View<double* [3], MemSpace>("stormday::road_cell_max", n);
  segment_max_ = Kokkos::View<double* [3], MemSpace>("stormday::road_segment_max", segments);
  auto cell = Kokkos::create_mirror_view(views_.cell);
  auto begin = Kokkos::create_mirror_view(views_.segment_begin);
  for (int k = 0; k < n; ++k) {  // local indices, with the ghost layer
    cell(k, 0) = static_cast<int>(cells.cells[k].i - d.i0 + 1);
    cell(k, 1) = static_cast<int>(cells.cells[k].j - d.j0 + 1);
  }
  for (int s = 0; s <= segments; ++s) begin(s) = cells.segment_begin[s];
  Kokkos::deep_copy(views_.cell, cell);
  Kokkos::deep_copy(views_.segment_begin, begin);

  // Counts per segment over all ranks (sums of small integers: exact in doubles).
  std::vector<double> counts(2 * static_cast<size_t>(segments));
  for (int s = 0; s < segments; ++s) {
    counts[s] = cells.segment_begin[s + 1] - cells.segment_begin[s];
    counts[segments + s] = double(cells.bridged[s]);
  }
  comm_.allreduce_sum(counts);
  record_ = RoadHazard{};
  record_.window_s = window_s_;
  for (int s = 0; s < segments; ++s) {
    record_.road_cells.push_back(std::llround(counts[s]));
    record_.bridged_cells.push_back(std::llround(counts[segments + s]));
  }
  window_end_ = (std::floor(model.time() / window_s_) + 1) * window_s_;
  started_ = true;
  window_has_samples_ = false;
  after_step(model);
}

void RoadHazardRecorder::after_step(const flood::FloodModel& model) {
  if (!started_) throw Error("stormday::road_hazard", "after_step() before start()");
  // A state at exactly a window's end belongs to that window; one past it opens the next.
  while (model.time() > window_end_) {
    close_window(window_end_);
    window_end_ += window_s_;
  }
  auto k = profile_.kernel("hydro::road_hazard_record", hydro::kRoadHazardRecordCost,
                           double(views_.cell.extent(0)));
  hydro::record_road_hazard(model.state(), views_);
  window_has_samples_ = true;
}

void RoadHazardRecorder::close_window(double end_s) {
  const int segments = static_cast<int>(segment_max_.extent(0));
  {
    auto k = profile_.kernel("hydro::road_hazard_window", hydro::kRoadHazardWindowCost,
                             double(views_.cell.extent(0)));
    hydro::close_road_window(views_, segment_max_);
  }
  auto host = Kokkos::create_mirror_view_and_copy(HostSpace(), segment_max_);
  std::vector<double> mine(3 * static_cast<size_t>(segments)), all(mine.size());
  for (int s = 0; s < segments; ++s)
    for (int c = 0; c < 3; ++c) mine[static_cast<size_t>(c) * segments + s] = host(s, c);
  if (segments > 0) {
    auto r = profile_.region("mpi::road_hazard_allreduce");
    mpi::check(
        MPI_Allreduce(mine.data(), all.data(), 3 * segments, MPI_DOUBLE, MPI_MAX, comm_.get()),
        "MPI_Allreduce (road hazard)");
  }
  const auto column = [&](int c) {
    return std::vector<double>(all.begin() + static_cast<long>(c) * segments,
                               all.begin() + static_cast<long>(c + 1) * segments);
  };
  record_.window_end_s.push_back(end_s);
  record_.max_depth_m.push_back(column(hydro::kRoadDepth));
  record_.max_speed_m_per_s.push_back(column(hydro::kRoadSpeed));
  record_.max_hazard_rating.push_back(column(hydro::kRoadHazard));
  window_has_samples_ = false;
}

RoadHazard RoadHazardRecorder::finish(double t_end) {
  if (!started_) throw Error("stormday::road_hazard", "finish() before start()");
  if (window_has_samples_) close_window(std::min(window_end_, t_end));
  started_ = false;
  return record_;
}

}  // namespace karst::stormday
