#pragma once
//! `prediction.h5` (not fusion.h5, the run record's name): one float32 dataset per method that runs
//! (starfm, brovey, hpf), with the fill value where a pixel has no prediction, georeferenced like
//! its inputs. Written a strip at a time, collectively; visible under its name only after commit().

#include "apps/fusion/fusion_inputs.hpp"
#include "apps/fusion/fusion_job.hpp"
#include "io/hdf5/h5_file.hpp"
#include "io/raster/multiband.hpp"

#include <memory>
#include <string>
#include <vector>

namespace karst::fusion {

//! A strip's owned rows of each method's output on the host, band-major (empty: not run).
struct StripOutputs {
  std::vector<double> starfm, brovey, hpf;
};

class FusionOutputs {
 public:
  //! Collective: creates the file and a dataset per method `job` runs on `inputs`.
  FusionOutputs(const std::string& path, const mpi::Comm& comm, const FusionJob& job,
                const FusionInputs& inputs);
  // The writers point at the file.
  FusionOutputs(const FusionOutputs&) = delete;
  FusionOutputs& operator=(const FusionOutputs&) = delete;

  //! Collective: rows [first, first + count) of every dataset.
  void write_rows(long long first, long long count, const StripOutputs& rows);
  //! Collective: closes the datasets and makes the file visible.
  void commit();

 private:
  io::H5File file_;
  std::unique_ptr<io::MultibandWriter> starfm_, brovey_, hpf_;
};

}  // namespace karst::fusion
