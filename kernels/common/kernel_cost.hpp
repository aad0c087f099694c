#pragma once
//! The analytic cost of one work item of a kernel, declared beside the kernel so that the harness
//! multiplies by the items processed instead of guessing. docs/methodology.md lists every kernel.

namespace karst {

struct KernelCost {
  double flops_per_item = 0.0;  //!< floating-point operations (add, mul, div, sqrt each 1; FMA 2)
  double bytes_per_item = 0.0;  //!< compulsory DRAM traffic: bytes read + bytes written

  constexpr double flops(double items) const { return flops_per_item * items; }
  constexpr double bytes(double items) const { return bytes_per_item * items; }
  //! Arithmetic intensity in FLOP/byte, the roofline's x axis.
  constexpr double intensity() const {
    return bytes_per_item > 0.0 ? flops_per_item / bytes_per_item : 0.0;
  }
};

}  // namespace karst
