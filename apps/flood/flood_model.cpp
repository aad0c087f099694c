#include "apps/flood/flood_model.hpp"

#include "apps/flood/flood_model_core.hpp"

namespace karst::flood {

FloodModel::FloodModel(const FloodSetup& setup, const mpi::Comm& comm, bool gpu_aware_mpi,
                       bench::Profile* profile)
    : core_(setup.precision == FloodSetup::Precision::fp32
                ? make_model_core<float>(setup, comm, gpu_aware_mpi, profile)
                : make_model_core<double>(setup, comm, gpu_aware_mpi, profile)) {}

FloodModel::~FloodModel() = default;
FloodModel::FloodModel(FloodModel&&) noexcept = default;
FloodModel& FloodModel::operator=(FloodModel&&) noexcept = default;

void FloodModel::step() {
  core_->step();
}
bool FloodModel::done() const {
  return core_->done();
}
double FloodModel::time() const {
  return core_->time();
}
long long FloodModel::steps() const {
  return core_->steps();
}
double FloodModel::last_dt() const {
  return core_->last_dt();
}
MassBudget FloodModel::budget() const {
  return core_->budget();
}
std::vector<double> FloodModel::gather(const Field2D& field) const {
  return core_->gather(field);
}
std::vector<GaugeState> FloodModel::gauges() const {
  return core_->gauges();
}
std::vector<double> FloodModel::gauge_depths() const {
  return core_->gauge_depths();
}
double FloodModel::min_depth() const {
  return core_->min_depth();
}
const FloodSetup& FloodModel::setup() const {
  return core_->setup();
}
const Decomposition& FloodModel::decomposition() const {
  return core_->decomposition();
}
const hydro::Fields& FloodModel::state() const {
  return core_->state();
}
const hydro::Maps& FloodModel::maps() const {
  return core_->maps();
}
const Field2D& FloodModel::bed() const {
  return core_->bed();
}
FloodModel::RestartState FloodModel::restart_state() const {
  return core_->restart_state();
}
void FloodModel::restore(const RestartState& s) {
  core_->restore(s);
}
hydro::Fields& FloodModel::mutable_state() {
  return core_->mutable_state();
}
hydro::Maps& FloodModel::mutable_maps() {
  return core_->mutable_maps();
}
void FloodModel::refresh_wave_speed() {
  core_->refresh_wave_speed();
}

}  // namespace karst::flood
