#pragma once
//! The fusion outputs that one rank writes (GeoTIFFs, the quicklook): rank 0 does the work and
//! its error, if any, is thrown on every rank, so no rank is left waiting and an MPI job ends
//! with one message.

#include "base/error.hpp"
#include "base/mpi/comm.hpp"

#include <exception>
#include <string>

namespace karst::fusion {

//! Collective: runs `work` on rank 0 and returns its result (a note, or "") on every rank.
template <class Work>
std::string on_root(const mpi::Comm& comm, Work&& work) {
  std::string note, where, why;
  if (comm.is_root()) try {
      note = work();
    } catch (const Error& e) {
      where = e.where();
      why = std::string(e.what()).substr(where.size() + 2);
    } catch (const std::exception& e) {
      where = "fusion";
      why = e.what();
    }
  where = comm.broadcast(where);
  why = comm.broadcast(why);
  if (!where.empty()) throw Error(where, why);
  return comm.broadcast(note);
}

}  // namespace karst::fusion
