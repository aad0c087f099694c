// String attributes as other tools write them: h5py (and most tools) write variable-length UTF-8
// strings by default, Karst writes fixed-length ones. The reader takes both, so a checkpoint's
// 'json' attribute rewritten by h5py still reads.
#include "io/hdf5/h5_file.hpp"
#include "io/hdf5/json_h5.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <string>

using namespace karst;

namespace {
// A scalar variable-length string attribute, through the HDF5 C API as h5py writes it.
void write_variable_length(hid_t obj, const char* name, const char* value) {
  io::H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  io::H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  io::H5Handle attr(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                    H5Aclose);
  ASSERT_GE(attr.get(), 0);
  ASSERT_GE(H5Awrite(attr.get(), type.get(), &value), 0);
}

// A fixed-length string attribute of `size` bytes, NUL- or space-padded.
void write_fixed_length(hid_t obj, const char* name, const std::string& value, size_t size,
                        H5T_str_t pad) {
  io::H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), size);
  H5Tset_strpad(type.get(), pad);
  io::H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  io::H5Handle attr(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                    H5Aclose);
  ASSERT_GE(attr.get(), 0);
  std::string buffer = value;
  buffer.resize(size, pad == H5T_STR_SPACEPAD ? ' ' : '\0');
  ASSERT_GE(H5Awrite(attr.get(), type.get(), buffer.data()), 0);
}
}  // namespace

TEST(StringAttributes, VariableAndFixedLengthReadBack) {
  test::TempDir dir("strings");
  const std::string path = dir / "attrs.h5";
  const std::string doc = R"({"time_s":120.5,"name":"Guizhou – 贵州"})";
  {
    io::H5Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
    ASSERT_GE(file.get(), 0);
    io::H5Handle vl(H5Gcreate2(file.get(), "/vl", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    write_variable_length(vl.get(), "json", doc.c_str());
    write_variable_length(vl.get(), "empty", "");
    io::H5Handle fixed(H5Gcreate2(file.get(), "/fixed", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                       H5Gclose);
    io::write_string_attribute(fixed.get(), "json", doc);  // Karst's own writer
    write_fixed_length(fixed.get(), "nulpad", "metres", 16, H5T_STR_NULLPAD);
    write_fixed_length(fixed.get(), "spacepad", "metres", 16, H5T_STR_SPACEPAD);
  }
  io::H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  ASSERT_GE(file.get(), 0);
  EXPECT_EQ(io::read_json_group(file.get(), "/vl"), nlohmann::json::parse(doc));
  EXPECT_EQ(io::read_json_group(file.get(), "/fixed"), nlohmann::json::parse(doc));
  io::H5Handle vl(H5Gopen2(file.get(), "/vl", H5P_DEFAULT), H5Gclose);
  EXPECT_EQ(io::read_string_attribute(vl.get(), "json"), doc);
  EXPECT_EQ(io::read_string_attribute(vl.get(), "empty"), "");
  io::H5Handle fixed(H5Gopen2(file.get(), "/fixed", H5P_DEFAULT), H5Gclose);
  EXPECT_EQ(io::read_string_attribute(fixed.get(), "json"), doc);
  EXPECT_EQ(io::read_string_attribute(fixed.get(), "nulpad"), "metres");
  EXPECT_EQ(io::read_string_attribute(fixed.get(), "spacepad"), "metres");
}
