#include "io/hdf5/h5_file.hpp"

#include "base/error.hpp"

#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>

namespace karst::io {

namespace {
// HDF5 prints its own error stack to stderr by default; Karst reports one line with context.
struct SilenceHdf5 {
  SilenceHdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};
const SilenceHdf5 silence_hdf5;

H5Handle mpio_access_list(const mpi::Comm& comm) {
  H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  h5_check(fapl.get(), "hdf5", "H5Pcreate(file access)");
  h5_check(H5Pset_fapl_mpio(fapl.get(), comm.get(), MPI_INFO_NULL), "hdf5", "H5Pset_fapl_mpio");
  return fapl;
}
}  // namespace

hid_t h5_check(hid_t id, const std::string& where, const std::string& what) {
  if (id < 0) throw Error(where, what + " failed");
  return id;
}

H5File::H5File(const std::string& path, const std::string& temp, const mpi::Comm& comm)
    : path_(path), temp_(temp), comm_(comm) {}

H5File H5File::create(const std::string& path, const mpi::Comm& comm) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent))
    throw Error(path, "cannot create file: directory '" + parent.string() + "' does not exist");
  H5File file(path, path + ".tmp", comm);
  auto fapl = mpio_access_list(comm);
  hid_t id = H5Fcreate(file.temp_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
  if (id < 0) throw Error(path, "cannot create file (is the directory writable?)");
  file.file_ = H5Handle(id, H5Fclose);
  return file;
}

H5File H5File::open_read(const std::string& path, const mpi::Comm& comm) {
  if (!std::filesystem::exists(path)) throw Error(path, "file does not exist");
  if (!std::filesystem::is_regular_file(path)) throw Error(path, "not a regular file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw Error(path, "not an HDF5 file (or truncated)");
  H5File file(path, "", comm);
  auto fapl = mpio_access_list(comm);
  hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (id < 0) throw Error(path, "cannot open HDF5 file (truncated or corrupt?)");
  file.file_ = H5Handle(id, H5Fclose);
  return file;
}

H5File::~H5File() {
  if (std::uncaught_exceptions() > 0 && comm_.size() > 1) {
    // This rank is failing alone; H5Fclose is collective. The CLI edge aborts the job next.
    file_.release();
    return;
  }
  if (temp_.empty()) return;
  file_.reset();
  // Only rank 0 removes: no collective call may sit in a destructor that runs during unwinding.
  if (comm_.rank() == 0) std::remove(temp_.c_str());
}

void H5File::commit() {
  if (temp_.empty()) throw Error(path_, "commit() on a file that is not being created");
  file_.reset();  // H5Fclose is collective and flushes everything
  comm_.barrier();
  int ok = 1;
  if (comm_.rank() == 0) ok = std::rename(temp_.c_str(), path_.c_str()) == 0 ? 1 : 0;
  ok = static_cast<int>(comm_.allreduce_min(static_cast<double>(ok)));
  temp_.clear();
  if (!ok) throw Error(path_, "cannot rename the finished temporary file into place");
}

void write_string_attribute(hid_t obj, const std::string& name, const std::string& value) {
  H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), value.empty() ? 1 : value.size());
  H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Handle attr(H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
  h5_check(attr.get(), "hdf5", "creating attribute '" + name + "'");
  h5_check(H5Awrite(attr.get(), type.get(), value.c_str()), "hdf5",
           "writing attribute '" + name + "'");
}

std::string read_string_attribute(hid_t obj, const std::string& name) {
  H5Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  h5_check(attr.get(), "hdf5", "opening attribute '" + name + "'");
  H5Handle type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING)
    throw Error("hdf5", "attribute '" + name + "' is not a string");
  H5Handle space(H5Aget_space(attr.get()), H5Sclose);
  if (H5Sget_simple_extent_npoints(space.get()) != 1)
    throw Error("hdf5", "attribute '" + name + "' is not a single string");
  if (H5Tis_variable_str(type.get()) > 0) {
    // Variable-length (h5py's default): HDF5 allocates the text; read it as a C string in the
    // attribute's own character set, copy it, and give the memory back.
    H5Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
    char* text = nullptr;
    h5_check(H5Aread(attr.get(), memory.get(), &text), "hdf5", "reading attribute '" + name + "'");
    std::string value = text ? text : "";
    H5free_memory(text);
    return value;
  }
  std::string text(H5Tget_size(type.get()), '\0');
  h5_check(H5Aread(attr.get(), type.get(), text.data()), "hdf5",
           "reading attribute '" + name + "'");
  text.resize(std::strlen(text.c_str()));  // fixed-length strings may carry padding NULs
  if (H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD) text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

H5Handle ensure_group(hid_t parent, const std::string& path) {
  // Relative paths stay relative to `parent`; only a leading '/' means the file's root.
  const bool absolute = !path.empty() && path.front() == '/';
  std::string partial = absolute ? "" : ".";
  H5Handle group;
  size_t start = absolute ? 1 : 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    partial += "/" + path.substr(start, end - start);
    if (H5Lexists(parent, partial.c_str(), H5P_DEFAULT) > 0) {
      group = H5Handle(H5Gopen2(parent, partial.c_str(), H5P_DEFAULT), H5Gclose);
    } else {
      group = H5Handle(H5Gcreate2(parent, partial.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                       H5Gclose);
    }
    h5_check(group.get(), "hdf5", "opening group '" + partial + "'");
    start = end + 1;
  }
  return group;
}

}  // namespace karst::io
