#pragma once
//! RAII handles for HDF5 and a file opened for parallel (MPI-IO) access by a communicator.
//! New files are written under `<name>.tmp` and renamed only by commit(), so a crash or an
//! exception never leaves a half-written result under the final name.

#include "base/mpi/comm.hpp"

#include <hdf5.h>

#include <string>
#include <utility>

namespace karst::io {

//! Owns one hid_t and the function that closes it.
class H5Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  H5Handle() = default;
  H5Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  H5Handle(H5Handle&& o) noexcept
      : id_(std::exchange(o.id_, H5I_INVALID_HID)), closer_(o.closer_) {}
  H5Handle& operator=(H5Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      closer_ = o.closer_;
    }
    return *this;
  }
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  ~H5Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  //! Forgets the id without closing it: for unwinding on one rank, where a collective close
  //! would wait forever for the others.
  void release() { id_ = H5I_INVALID_HID; }
  void reset() {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

//! Throws karst::Error("<where>", what) when an HDF5 call returned a negative id or status.
hid_t h5_check(hid_t id, const std::string& where, const std::string& what);

class H5File {
 public:
  //! Creates `<path>.tmp` collectively; commit() renames it to `path`.
  static H5File create(const std::string& path, const mpi::Comm& comm);
  //! Opens an existing file collectively for reading.
  static H5File open_read(const std::string& path, const mpi::Comm& comm);

  H5File(H5File&&) noexcept = default;
  H5File& operator=(H5File&&) noexcept = default;
  //! Without commit(), a file being created is closed and its temporary removed.
  ~H5File();

  hid_t id() const { return file_.get(); }
  const std::string& path() const { return path_; }
  const mpi::Comm& comm() const { return comm_; }
  //! Closes the file and, on every rank after a barrier, makes it visible under its final name.
  void commit();

 private:
  H5File(const std::string& path, const std::string& temp, const mpi::Comm& comm);
  std::string path_;
  std::string temp_;  // empty when opened for reading or after commit
  mpi::Comm comm_;
  H5Handle file_;
};

//! A scalar fixed-length string attribute on `obj` (units, JSON documents).
void write_string_attribute(hid_t obj, const std::string& name, const std::string& value);
//! Reads a scalar string attribute, fixed-length (NUL- or space-padding dropped) or
//! variable-length (what h5py writes by default); throws if it is not one string.
std::string read_string_attribute(hid_t obj, const std::string& name);

//! Creates the group and its parents if missing; returns it open.
H5Handle ensure_group(hid_t parent, const std::string& path);

}  // namespace karst::io
