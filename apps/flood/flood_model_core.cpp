#include "apps/flood/flood_model_core.hpp"

#include "apps/flood/halo_exchange.hpp"
#include "apps/flood/point_inflows.hpp"

#include "base/error.hpp"
#include "kernels/hydro/boundary_ghosts.hpp"
#include "kernels/hydro/flux_update.hpp"
#include "kernels/hydro/point_sources.hpp"
#include "kernels/hydro/row_sweep_update.hpp"
#include "kernels/hydro/wave_speed.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <utility>

namespace karst::flood {

namespace {
constexpr double kMmPerHour = 1e-3 / 3600.0;

// A free function, not a member: CUDA's extended lambdas may not live in private members.
template <class Field>
void mark_gauge_levels(const Field& h, const Kokkos::View<int* [2], MemSpace>& cells,
                       const Kokkos::View<double* [4], MemSpace>& thr,
                       const Kokkos::View<double* [4], MemSpace>& first, double t) {
  Kokkos::parallel_for(
      "flood::check_gauges", Kokkos::RangePolicy<ExecSpace>(0, cells.extent(0)),
      KOKKOS_LAMBDA(const int k) {
        const double d = h(cells(k, 0), cells(k, 1));
        for (int l = 0; l < 4; ++l)
          if (first(k, l) < 0.0 && d >= thr(k, l)) first(k, l) = t;
      });
}

// Cells already inundated at t = 0 arrived at 0, by the kernel's rule (depth >= arrival_depth);
// the kernel marks only cells still unmarked, so it stamps the others at the step they flood.
// The initial depth is the first value of the maximum: a lake that only drains peaks at t = 0.
template <class Real>
void mark_wet_at_start(const hydro::Field2DOf<Real>& h, const hydro::MapsOf<Real>& maps,
                       double arrival_depth, int ny, int nx) {
  const auto arrival = maps.arrival_time, max_depth = maps.max_depth;
  const Real arrival_real = Real(arrival_depth);
  Kokkos::parallel_for(
      "flood::maps_at_start",
      Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({1, 1}, {ny + 1, nx + 1}),
      KOKKOS_LAMBDA(const int i, const int j) {
        if (h(i, j) >= arrival_real) arrival(i, j) = Real(0);
        max_depth(i, j) = h(i, j);
      });
}
// A free function, not a member: CUDA's extended lambdas may not live in private members.
// The wall height is compared in Real: the walls' bed was rounded to Real the same way.
template <class Real>
void zero_rain_on_walls(const hydro::Field2DOf<Real>& bed, const hydro::Field2DOf<Real>& rain,
                        double wall_elevation, int ny, int nx) {
  const Real wall = Real(wall_elevation);
  Kokkos::parallel_for(
      "flood::no_rain_on_walls",
      Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({1, 1}, {ny + 1, nx + 1}),
      KOKKOS_LAMBDA(const int i, const int j) {
        if (bed(i, j) >= wall) rain(i, j) = Real(0);
      });
}

// dst = src cell by cell, converted (the double views an FP32 model shows its callers).
template <class To, class From>
void convert_field(const hydro::Field2DOf<From>& src, const hydro::Field2DOf<To>& dst) {
  static_assert(!std::is_same_v<To, From>, "a copy of the same type is Kokkos::deep_copy");
  Kokkos::parallel_for(
      "flood::convert_field",
      Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({0, 0},
                                                        {src.extent_int(0), src.extent_int(1)}),
      KOKKOS_LAMBDA(const int i, const int j) { dst(i, j) = To(src(i, j)); });
}

// wide = narrow widened to double; wide is allocated, the same shape, on first use.
template <class Real>
void widen_field(const hydro::Field2DOf<Real>& narrow, Field2D& wide) {
  if (!wide.is_allocated())
    wide = Field2D(narrow.label() + "64", narrow.extent(0), narrow.extent(1));
  convert_field<double>(narrow, wide);
}
}  // namespace

//! The flood model at one precision: Real is the type of every per-cell field (double, or float
//! for flood.precision: fp32). Sums, the time step and what callers read stay double.
template <class Real>
class ModelAt final : public FloodModel::Core {
 public:
  using Field = hydro::Field2DOf<Real>;
  ModelAt(const FloodSetup& setup, const mpi::Comm& comm, bool gpu_aware_mpi,
          bench::Profile* profile);

  void step() override;
  bool done() const override { return time_ >= setup_.t_end; }
  double time() const override { return time_; }
  long long steps() const override { return steps_; }
  double last_dt() const override { return last_dt_; }
  MassBudget budget() const override;
  std::vector<double> gather(const Field2D& field) const override;
  std::vector<GaugeState> gauges() const override;
  std::vector<double> gauge_depths() const override;
  double min_depth() const override;
  const FloodSetup& setup() const override { return setup_; }
  const Decomposition& decomposition() const override { return decomp_; }
  const hydro::Fields& state() const override;
  const hydro::Maps& maps() const override;
  const Field2D& bed() const override;
  FloodModel::RestartState restart_state() const override;
  void restore(const FloodModel::RestartState& s) override;
  hydro::Fields& mutable_state() override;
  hydro::Maps& mutable_maps() override;
  void refresh_wave_speed() override;

 private:
  void allocate_fields();
  void fill_inputs();
  void refresh_rain_frame();
  void fill_block(const BlockFiller& filler, const Field& target, const char* what,
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
  std::unique_ptr<HaloExchange<Real>> halo_;
  hydro::FieldsOf<Real> state_, next_;
  hydro::MapsOf<Real> maps_;
  Field bed_, roughness_, rain_pattern_, infiltration_pattern_;
  //! FP32 only: the state, maps and bed as double, for callers (outputs, checkpoints, tests).
  //! Filled when asked for; a restart writes into them and restore() takes them back.
  mutable hydro::Fields state64_;
  mutable hydro::Maps maps64_;
  mutable Field2D bed64_;
  //! FP32: mutable_state() / mutable_maps() widen once and hand the copies out; until restore()
  //! takes them back they hold what the caller wrote, and are not widened over again.
  bool state64_handed_out_ = false, maps64_handed_out_ = false;
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

template <class Real>
ModelAt<Real>::ModelAt(const FloodSetup& setup, const mpi::Comm& comm, bool gpu_aware_mpi,
                       bench::Profile* profile)
    : setup_(setup), profile_(profile) {
  setup_.validate();
  using Form = FloodSetup::UpdateForm;
  row_sweep_ = setup_.update_form == Form::row_sweep ||
               (setup_.update_form == Form::automatic && hydro::kRowSweepByDefault);
  decomp_ = decompose(comm, setup_.ny, setup_.nx);
  halo_ = std::make_unique<HaloExchange<Real>>(decomp_, gpu_aware_mpi);
  allocate_fields();
  fill_inputs();
  inflows_ = PointInflows(setup_, decomp_, bed_);
  refresh_rain_frame();
  mark_wet_at_start(state_.h, maps_, setup_.arrival_depth, decomp_.ny, decomp_.nx);
  set_up_edges();
  set_up_gauges();
  local_.initial_volume =
      hydro::water_volume(state_.h, decomp_.ny, decomp_.nx, setup_.dx * setup_.dx);
  refresh_wave_speed();
  check_gauges();
}

template <class Real>
void ModelAt<Real>::allocate_fields() {
  const int ny = decomp_.ny, nx = decomp_.nx;
  state_ = hydro::FieldsOf<Real>("flood::state", ny, nx);
  next_ = hydro::FieldsOf<Real>("flood::next", ny, nx);
  maps_ = hydro::MapsOf<Real>(ny, nx);
  bed_ = Field("flood::bed", ny + 2, nx + 2);
  roughness_ = Field("flood::roughness", ny + 2, nx + 2);
  rain_pattern_ = Field("flood::rain_pattern", ny + 2, nx + 2);
  infiltration_pattern_ = Field("flood::infiltration_pattern", ny + 2, nx + 2);
}

template <class Real>
void ModelAt<Real>::fill_inputs() {
  fill_block(setup_.bed, bed_, "bed elevation");
  fill_block(setup_.roughness, roughness_, "roughness");
  fill_block(setup_.initial_depth, state_.h, "initial depth");
  fill_block(setup_.rain_pattern, rain_pattern_, "rain pattern");
  // A negative multiplier would make the ground give water back: refused with its cell.
  fill_block(setup_.infiltration_pattern, infiltration_pattern_, "infiltration pattern", true);
  stop_rain_on_walls();
  halo_->exchange({bed_, roughness_, rain_pattern_});
  // The infiltration pattern, like the rain pattern and roughness, is read only at the cell being
  // updated, never at a neighbour: its ghost cells are never read, so it needs no exchange.
}

// A DEM's nodata cells are walls of no terrain: rain falling there would run off them into the
// catchment, water the user's data does not have.
template <class Real>
void ModelAt<Real>::stop_rain_on_walls() {
  if (std::isfinite(setup_.wall_elevation))
    zero_rain_on_walls(bed_, rain_pattern_, setup_.wall_elevation, decomp_.ny, decomp_.nx);
}

// Gridded rain: rain_pattern_ holds the frame that covers the current time (mm/h) times the
// setup's rain pattern (a per-cell multiplier such as a mask), against a unit hyetograph. It is
// refilled when the frame changes; steps end at frame boundaries (the hyetograph's breakpoints),
// so every decomposition switches frames at the same time. A restart continues with the frame of
// its time. Only the cell being updated reads it: the ghost cells need no refill.
template <class Real>
void ModelAt<Real>::refresh_rain_frame() {
  const GriddedRain& rain = setup_.gridded_rain;
  if (!rain) return;
  const size_t k = rain.frame_at(time_);
  if (static_cast<long long>(k) == rain_frame_) return;
  auto r = profile().region("io::rain_frame");
  const BlockFiller& pattern = setup_.rain_pattern;
  const BlockFiller frame = [&](long long i0, long long j0, int ny, int nx, double* out) {
    rain.fill(k, i0, j0, ny, nx, out);
    std::vector<double> m(static_cast<size_t>(ny) * nx);
    pattern(i0, j0, ny, nx, m.data());
    for (size_t n = 0; n < m.size(); ++n) out[n] *= m[n];
  };
  fill_block(frame, rain_pattern_, "gridded rain", true);
  stop_rain_on_walls();
  rain_frame_ = static_cast<long long>(k);
}

// Domain edges owned by this block, with inflow segments mapped to local indices.
template <class Real>
void ModelAt<Real>::set_up_edges() {
  const int ny = decomp_.ny, nx = decomp_.nx;
  auto add_edge = [&](hydro::Side side, const EdgeSpec& spec, bool on_edge) {
    if (!on_edge) return;
    hydro::EdgeCondition c;
    c.side = side;
    c.kind = spec.kind;
    const bool along_rows = side == hydro::Side::north || side == hydro::Side::south;
    const long long first = along_rows ? decomp_.j0 : decomp_.i0;
    const long long count = along_rows ? nx : ny;
    const long long b = std::max(spec.inflow_begin, first);
    const long long e = std::min(spec.inflow_end, first + count);
    if (b < e) {
      c.inflow_begin = static_cast<int>(b - first + 1);
      c.inflow_end = static_cast<int>(e - first + 1);
    }
    edges_.push_back(c);
  };
  const auto on = decomp_.edges();
  add_edge(hydro::Side::north, setup_.north, on.north);
  add_edge(hydro::Side::south, setup_.south, on.south);
  add_edge(hydro::Side::west, setup_.west, on.west);
  add_edge(hydro::Side::east, setup_.east, on.east);
}

// Gauges: the rank that owns the cell watches it.
template <class Real>
void ModelAt<Real>::set_up_gauges() {
  const auto& cart = decomp_.cart;
  for (const auto& g : setup_.gauges) {
    GaugeState s;
    s.spec = g;
    s.gj = static_cast<long long>(std::floor((g.x - setup_.x0) / setup_.dx));
    s.gi = static_cast<long long>(std::floor((setup_.y0 - g.y) / setup_.dx));
    s.owner =
        static_cast<int>(cart.allreduce_max(decomp_.owns(s.gi, s.gj) ? double(cart.rank()) : -1.0));
    if (s.owner == cart.rank()) owned_gauges_.push_back(static_cast<int>(gauges_.size()));
    gauges_.push_back(s);
  }
  const int ng = static_cast<int>(owned_gauges_.size());
  gauge_cells_ = Kokkos::View<int* [2], MemSpace>("flood::gauge_cells", ng);
  gauge_thresholds_ = Kokkos::View<double* [4], MemSpace>("flood::gauge_thresholds", ng);
  gauge_first_ = Kokkos::View<double* [4], MemSpace>("flood::gauge_first", ng);
  auto cells = Kokkos::create_mirror_view(gauge_cells_);
  auto thr = Kokkos::create_mirror_view(gauge_thresholds_);
  for (int k = 0; k < ng; ++k) {
    const auto& s = gauges_[owned_gauges_[k]];
    cells(k, 0) = static_cast<int>(s.gi - decomp_.i0 + 1);
    cells(k, 1) = static_cast<int>(s.gj - decomp_.j0 + 1);
    for (int l = 0; l < 4; ++l) thr(k, l) = s.spec.thresholds_m[l];
  }
  Kokkos::deep_copy(gauge_cells_, cells);
  Kokkos::deep_copy(gauge_thresholds_, thr);
  Kokkos::deep_copy(gauge_first_, -1.0);
}

template <class Real>
void ModelAt<Real>::fill_block(const BlockFiller& filler, const Field& target, const char* what,
                               bool non_negative) const {
  const int ny = decomp_.ny, nx = decomp_.nx;
  std::vector<double> block(static_cast<size_t>(ny) * nx);
  filler(decomp_.i0, decomp_.j0, ny, nx, block.data());
  auto host = Kokkos::create_mirror_view(target);
  for (int i = 0; i < ny; ++i)
    for (int j = 0; j < nx; ++j) {
      const double v = block[static_cast<size_t>(i) * nx + j];
      if (!std::isfinite(v))
        throw Error(fmt::format("flood: {}", what),
                    fmt::format("cell (row {}, column {}) is not a finite number", decomp_.i0 + i,
                                decomp_.j0 + j));
      if (non_negative && v < 0)
        throw Error(fmt::format("flood: {}", what),
                    fmt::format("cell (row {}, column {}) is negative ({})", decomp_.i0 + i,
                                decomp_.j0 + j, v));
      host(i + 1, j + 1) = Real(v);
    }
  Kokkos::deep_copy(target, host);
}

template <class Real>
void ModelAt<Real>::refresh_wave_speed() {
  const double local = hydro::max_wave_speed(state_, decomp_.ny, decomp_.nx, setup_.g);
  max_speed_ = decomp_.cart.allreduce_max(local);
}

template <class Real>
void ModelAt<Real>::fill_edges(double t) {
  for (auto& c : edges_) {
    const auto& spec = c.side == hydro::Side::north   ? setup_.north
                       : c.side == hydro::Side::south ? setup_.south
                       : c.side == hydro::Side::west  ? setup_.west
                                                      : setup_.east;
    const double length = (spec.inflow_end - spec.inflow_begin) * setup_.dx;
    c.unit_discharge = length > 0 ? spec.inflow_m3_per_s.at(t) / length : 0.0;
    hydro::fill_edge_ghosts(state_, bed_, c, decomp_.ny, decomp_.nx, setup_.g);
  }
}

template <class Real>
hydro::StepTotals ModelAt<Real>::update(const hydro::StepParams& p, int i0, int i1, int j0,
                                        int j1) {
  hydro::StepTotals totals;
  if (i1 <= i0 || j1 <= j0) return totals;
  const hydro::CellUpdateOf<Real> cell(state_, next_, bed_, roughness_, rain_pattern_,
                                       infiltration_pattern_, maps_, p, decomp_.edges(), decomp_.ny,
                                       decomp_.nx);
  if (row_sweep_) return hydro::launch_row_sweep("hydro::flux_update_rows", cell, i0, i1, j0, j1);
  Kokkos::parallel_reduce("hydro::flux_update",
                          Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({i0, j0}, {i1, j1}),
                          hydro::FluxUpdate<Real>(cell), totals);
  return totals;
}

template <class Real>
void ModelAt<Real>::step() {
  if (done()) return;
  refresh_rain_frame();
  const hydro::StepParams p = next_step();
  hydro::StepTotals totals = advance(p);
  if (inflows_.owned() > 0) {
    auto k =
        profile().kernel("hydro::add_point_sources", hydro::kPointSourceCost, inflows_.owned());
    local_.point_inflow += inflows_.add(state_, time_, p.dt, totals.max_speed);
  }
  {
    auto r = profile().region("mpi::allreduce_dt");
    max_speed_ = decomp_.cart.allreduce_max(totals.max_speed);
  }
  check_finite(totals.first_bad_cell, p.time_new);
  local_.rain += totals.rain_volume;
  local_.infiltrated += totals.infiltrated_volume;
  local_.boundary_net_in += totals.boundary_volume;
  local_.clipped += totals.clipped_volume;
  time_ = p.time_new;
  last_dt_ = p.dt;
  ++steps_;
  check_gauges();
}

template <class Real>
hydro::StepParams ModelAt<Real>::next_step() const {
  const double t = time_;
  double dt = max_speed_ > 0 ? setup_.cfl * setup_.dx / max_speed_ : setup_.max_dt;
  dt = std::min(dt, setup_.max_dt);
  // Forcing is piecewise constant: stop exactly at its breakpoints and at the end. Outputs never
  // shorten a step (they fire on the first step that reaches their time).
  double limit = std::min(setup_.t_end, setup_.rain_mm_per_h.next_change(t));
  for (const auto* e : {&setup_.north, &setup_.south, &setup_.west, &setup_.east})
    limit = std::min(limit, e->inflow_m3_per_s.next_change(t));
  limit = std::min(limit, inflows_.next_change(t));
  const bool hits_limit = t + dt >= limit;
  if (hits_limit) dt = limit - t;

  hydro::StepParams p;
  p.dt = dt;
  p.dx = setup_.dx;
  p.g = setup_.g;
  p.rain_rate = setup_.rain_mm_per_h.at(t) * kMmPerHour;
  p.infiltration = setup_.infiltration.rate(t);
  p.time_new = hits_limit ? limit : t + dt;
  p.arrival_depth = setup_.arrival_depth;
  return p;
}

// One update of every owned cell into next_, then the swap. The interior needs no ghost cell:
// it runs while the halo messages travel; the boundary strips follow once they have arrived.
template <class Real>
hydro::StepTotals ModelAt<Real>::advance(const hydro::StepParams& p) {
  const int ny = decomp_.ny, nx = decomp_.nx;
  const double cells = double(ny) * nx;
  const double interior = double(std::max(0, ny - 2)) * std::max(0, nx - 2);
  bench::Profile& prof = profile();
  const Field fields[3] = {state_.h, state_.hu, state_.hv};
  {
    auto r = prof.region("hydro::edge_ghosts");
    fill_edges(time_);
  }
  {
    auto r = prof.region("halo::pack_send");
    halo_->start(fields);
  }
  const KernelCost& cost =
      row_sweep_ ? hydro::kRowSweepUpdateCostOf<Real> : hydro::kFluxUpdateCostOf<Real>;
  hydro::StepTotals totals;
  const hydro::DomainEdges on = decomp_.edges();
  if (on.north && on.south && on.west && on.east) {
    // No neighbour: every ghost is already filled and there is no message to wait for, so one
    // launch updates every cell (five cost a small case's step a few per cent). The cells get the
    // same fluxes; only the step's sums are added in another order.
    {
      auto r = prof.region("halo::wait_unpack");
      halo_->finish(fields);
    }
    {
      auto k = prof.kernel("hydro::flux_update", cost, cells);
      totals = update(p, 1, ny + 1, 1, nx + 1);
    }
    std::swap(state_, next_);
    return totals;
  }
  {
    auto k = prof.kernel("hydro::flux_update", cost, interior);
    totals.combine(update(p, 2, ny, 2, nx));
  }
  {
    auto r = prof.region("halo::wait_unpack");
    halo_->finish(fields);
  }
  {
    auto k = prof.kernel("hydro::flux_update", cost, cells - interior);
    totals.combine(update(p, 1, 2, 1, nx + 1));                    // first row
    if (ny > 1) totals.combine(update(p, ny, ny + 1, 1, nx + 1));  // last row
    totals.combine(update(p, 2, ny, 1, 2));                        // first column, inner rows
    if (nx > 1) totals.combine(update(p, 2, ny, nx, nx + 1));      // last column, inner rows
  }
  std::swap(state_, next_);
  return totals;
}

template <class Real>
void ModelAt<Real>::check_finite(double first_bad_local, double t) const {
  const auto& cart = decomp_.cart;
  // Global row-major index of this rank's first bad cell; every rank learns the lowest one.
  double mine = hydro::StepTotals::kNoBadCell;
  if (first_bad_local < hydro::StepTotals::kNoBadCell) {
    const auto flat = static_cast<long long>(first_bad_local);
    const long long i = flat / (decomp_.nx + 2) - 1, j = flat % (decomp_.nx + 2) - 1;
    mine = double(decomp_.i0 + i) * double(setup_.nx) + double(decomp_.j0 + j);
  }
  const double first = cart.allreduce_min(mine);
  if (first >= hydro::StepTotals::kNoBadCell) return;
  const auto cell = static_cast<long long>(first);
  throw Error("flood",
              fmt::format("the water state became NaN or infinite at cell (row {}, column {}) in "
                          "the step to t = {:.3f} s (step {}); the scheme is unstable there: lower "
                          "flood.cfl or check the inputs around that cell",
                          cell / setup_.nx, cell % setup_.nx, t, steps_ + 1));
}

template <class Real>
void ModelAt<Real>::check_gauges() {
  if (owned_gauges_.empty()) return;
  mark_gauge_levels(state_.h, gauge_cells_, gauge_thresholds_, gauge_first_, time_);
}

template <class Real>
MassBudget ModelAt<Real>::budget() const {
  const auto& c = decomp_.cart;
  MassBudget b;
  b.volume =
      c.allreduce_sum(hydro::water_volume(state_.h, decomp_.ny, decomp_.nx, setup_.dx * setup_.dx));
  b.initial_volume = c.allreduce_sum(local_.initial_volume);
  b.rain = c.allreduce_sum(local_.rain);
  b.infiltrated = c.allreduce_sum(local_.infiltrated);
  b.boundary_net_in = c.allreduce_sum(local_.boundary_net_in);
  b.clipped = c.allreduce_sum(local_.clipped);
  b.point_inflow = c.allreduce_sum(local_.point_inflow);
  return b;
}

template <class Real>
std::vector<double> ModelAt<Real>::gather(const Field2D& field) const {
  const auto& c = decomp_.cart;
  const int ny = decomp_.ny, nx = decomp_.nx;
  auto host = Kokkos::create_mirror_view_and_copy(HostSpace(), field);
  std::string mine(sizeof(double) * ny * nx + 4 * sizeof(long long), '\0');
  long long header[4] = {decomp_.i0, decomp_.j0, ny, nx};
  std::memcpy(mine.data(), header, sizeof(header));
  auto* values = reinterpret_cast<double*>(mine.data() + sizeof(header));
  for (int i = 0; i < ny; ++i)
    for (int j = 0; j < nx; ++j) values[static_cast<size_t>(i) * nx + j] = host(i + 1, j + 1);
  std::vector<double> global(static_cast<size_t>(setup_.ny * setup_.nx));
  for (const auto& block : c.allgather(mine)) {
    long long hd[4];
    std::memcpy(hd, block.data(), sizeof(hd));
    const auto* v = reinterpret_cast<const double*>(block.data() + sizeof(hd));
    for (long long i = 0; i < hd[2]; ++i)
      for (long long j = 0; j < hd[3]; ++j)
        global[static_cast<size_t>((hd[0] + i) * setup_.nx + hd[1] + j)] = v[i * hd[3] + j];
  }
  return global;
}

template <class Real>
std::vector<GaugeState> ModelAt<Real>::gauges() const {
  const int ng = static_cast<int>(gauges_.size());
  std::vector<double> first(static_cast<size_t>(ng) * 4, -1.0), merged(first.size());
  auto host = Kokkos::create_mirror_view_and_copy(HostSpace(), gauge_first_);
  for (size_t k = 0; k < owned_gauges_.size(); ++k)
    for (int l = 0; l < 4; ++l) first[owned_gauges_[k] * 4 + l] = host(k, l);
  if (ng > 0)
    mpi::check(
        MPI_Allreduce(first.data(), merged.data(), ng * 4, MPI_DOUBLE, MPI_MAX, decomp_.cart.get()),
        "MPI_Allreduce (gauges)");
  auto out = gauges_;
  for (int g = 0; g < ng; ++g)
    for (int l = 0; l < 4; ++l) out[g].first_reached[l] = merged[g * 4 + l];
  return out;
}

template <class Real>
std::vector<double> ModelAt<Real>::gauge_depths() const {
  const int ng = static_cast<int>(gauges_.size());
  std::vector<double> mine(ng, -1.0), all(ng, -1.0);
  if (!owned_gauges_.empty()) {
    // Copy only the gauge cells off the device, not the whole depth field.
    const auto h = state_.h;
    const auto cells = gauge_cells_;
    Kokkos::View<double*, MemSpace> depth("flood::gauge_depth", cells.extent(0));
    Kokkos::parallel_for(
        "flood::sample_gauges", Kokkos::RangePolicy<ExecSpace>(0, cells.extent(0)),
        KOKKOS_LAMBDA(const int k) { depth(k) = h(cells(k, 0), cells(k, 1)); });
    auto host = Kokkos::create_mirror_view_and_copy(HostSpace(), depth);
    for (size_t k = 0; k < owned_gauges_.size(); ++k) mine[owned_gauges_[k]] = host(k);
  }
  if (ng > 0)
    mpi::check(MPI_Allreduce(mine.data(), all.data(), ng, MPI_DOUBLE, MPI_MAX, decomp_.cart.get()),
               "MPI_Allreduce (gauge depths)");
  return all;
}

template <class Real>
double ModelAt<Real>::min_depth() const {
  const auto h = state_.h;
  double m = 1e300;
  Kokkos::parallel_reduce(
      "flood::min_depth",
      Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({1, 1}, {decomp_.ny + 1, decomp_.nx + 1}),
      KOKKOS_LAMBDA(const int i, const int j, double& v) {
        if (h(i, j) < v) v = h(i, j);
      },
      Kokkos::Min<double>(m));
  return decomp_.cart.allreduce_min(m);
}

template <class Real>
FloodModel::RestartState ModelAt<Real>::restart_state() const {
  FloodModel::RestartState s;
  s.time = time_;
  s.steps = steps_;
  s.local_budget = local_;
  auto host = Kokkos::create_mirror_view_and_copy(HostSpace(), gauge_first_);
  for (size_t k = 0; k < owned_gauges_.size(); ++k)
    s.first_reached.push_back({host(k, 0), host(k, 1), host(k, 2), host(k, 3)});
  return s;
}

template <class Real>
void ModelAt<Real>::restore(const FloodModel::RestartState& s) {
  time_ = s.time;
  steps_ = s.steps;
  local_ = s.local_budget;
  if (s.first_reached.size() != owned_gauges_.size())
    throw Error("flood::restart", "the checkpoint's gauges do not match the configuration");
  auto host = Kokkos::create_mirror_view(gauge_first_);
  for (size_t k = 0; k < owned_gauges_.size(); ++k)
    for (int l = 0; l < 4; ++l) host(k, l) = s.first_reached[k][l];
  Kokkos::deep_copy(gauge_first_, host);
  if constexpr (!std::is_same_v<Real, double>) {
    // The checkpoint's fields went into the double views (mutable_state, mutable_maps); an FP32
    // checkpoint holds float values, so taking them back is exact.
    if (!state64_handed_out_ || !maps64_handed_out_)
      throw Error("flood::restart", "restore() before the state and maps were filled");
    const std::pair<Field2D, Field> pairs[] = {{state64_.h, state_.h},
                                               {state64_.hu, state_.hu},
                                               {state64_.hv, state_.hv},
                                               {maps64_.max_depth, maps_.max_depth},
                                               {maps64_.max_speed, maps_.max_speed},
                                               {maps64_.max_hazard, maps_.max_hazard},
                                               {maps64_.arrival_time, maps_.arrival_time}};
    for (const auto& [from, to] : pairs) convert_field<Real>(from, to);
    state64_handed_out_ = maps64_handed_out_ = false;
  }
  refresh_wave_speed();
}

// What callers read is double. An FP64 model hands out its own views; an FP32 one widens its
// fields into double copies when asked (outputs, checkpoints: not every step).
template <class Real>
const hydro::Fields& ModelAt<Real>::state() const {
  if constexpr (std::is_same_v<Real, double>) {
    return state_;
  } else {
    if (state64_handed_out_) return state64_;
    widen_field(state_.h, state64_.h);
    widen_field(state_.hu, state64_.hu);
    widen_field(state_.hv, state64_.hv);
    return state64_;
  }
}

template <class Real>
const hydro::Maps& ModelAt<Real>::maps() const {
  if constexpr (std::is_same_v<Real, double>) {
    return maps_;
  } else {
    if (maps64_handed_out_) return maps64_;
    widen_field(maps_.max_depth, maps64_.max_depth);
    widen_field(maps_.max_speed, maps64_.max_speed);
    widen_field(maps_.max_hazard, maps64_.max_hazard);
    widen_field(maps_.arrival_time, maps64_.arrival_time);
    return maps64_;
  }
}

template <class Real>
const Field2D& ModelAt<Real>::bed() const {
  if constexpr (std::is_same_v<Real, double>) {
    return bed_;
  } else {
    if (!bed64_.is_allocated()) widen_field(bed_, bed64_);  // the bed never changes
    return bed64_;
  }
}

template <class Real>
hydro::Fields& ModelAt<Real>::mutable_state() {
  if constexpr (std::is_same_v<Real, double>) {
    return state_;
  } else {
    state();
    state64_handed_out_ = true;
    return state64_;
  }
}

template <class Real>
hydro::Maps& ModelAt<Real>::mutable_maps() {
  if constexpr (std::is_same_v<Real, double>) {
    return maps_;
  } else {
    maps();
    maps64_handed_out_ = true;
    return maps64_;
  }
}

template <class Real>
std::unique_ptr<FloodModel::Core> make_model_core(const FloodSetup& setup, const mpi::Comm& comm,
                                                  bool gpu_aware_mpi, bench::Profile* profile) {
  return std::make_unique<ModelAt<Real>>(setup, comm, gpu_aware_mpi, profile);
}
template std::unique_ptr<FloodModel::Core> make_model_core<double>(const FloodSetup&,
                                                                   const mpi::Comm&, bool,
                                                                   bench::Profile*);
template std::unique_ptr<FloodModel::Core> make_model_core<float>(const FloodSetup&,
                                                                  const mpi::Comm&, bool,
                                                                  bench::Profile*);

}  // namespace karst::flood
