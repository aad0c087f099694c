#pragma once
//! The one way Karst splits rows (or any items) over ranks: contiguous blocks, in rank order,
//! whose sizes differ by at most one.

#include "base/mpi/comm.hpp"

namespace karst::mpi {

struct BlockRange {
  long long first = 0;  //!< the first item of the block
  long long last = 0;   //!< one past the last
  long long size() const { return last - first; }
};

//! Block `rank` of `n` items split over `ranks`.
inline BlockRange block_of(long long n, int rank, int ranks) {
  return {n * rank / ranks, n * (rank + 1) / ranks};
}
//! This rank's block of `n` items over `comm`.
inline BlockRange block_of(long long n, const Comm& comm) {
  return block_of(n, comm.rank(), comm.size());
}

}  // namespace karst::mpi
