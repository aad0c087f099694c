#pragma once
//! FloodModel::Core: the flood model at one precision, behind FloodModel. Its implementation,
//! ModelAt<Real> in flood_model_core.cpp, holds every per-cell field as Real (double, or float for
//! flood.precision: fp32) and runs the update in Real; everything it returns is double.

#include "apps/flood/flood_model.hpp"

#include <memory>
#include <vector>

namespace karst::flood {

class FloodModel::Core {
 public:
  virtual ~Core() = default;
  virtual void step() = 0;
  virtual bool done() const = 0;
  virtual double time() const = 0;
  virtual long long steps() const = 0;
  virtual double last_dt() const = 0;
  virtual MassBudget budget() const = 0;
  virtual std::vector<double> gather(const Field2D& field) const = 0;
  virtual std::vector<GaugeState> gauges() const = 0;
  virtual std::vector<double> gauge_depths() const = 0;
  virtual double min_depth() const = 0;
  virtual const FloodSetup& setup() const = 0;
  virtual const Decomposition& decomposition() const = 0;
  virtual const hydro::Fields& state() const = 0;
  virtual const hydro::Maps& maps() const = 0;
  virtual const Field2D& bed() const = 0;
  virtual RestartState restart_state() const = 0;
  virtual void restore(const RestartState& s) = 0;
  virtual hydro::Fields& mutable_state() = 0;
  virtual hydro::Maps& mutable_maps() = 0;
  virtual void refresh_wave_speed() = 0;
};

//! The model with every per-cell field of type Real (double or float; both are instantiated).
template <class Real>
std::unique_ptr<FloodModel::Core> make_model_core(const FloodSetup& setup, const mpi::Comm& comm,
                                                  bool gpu_aware_mpi, bench::Profile* profile);

}  // namespace karst::flood
