#pragma once
//! Mirrors a JSON document into an HDF5 group: objects become groups, scalars and arrays of
//! numbers become attributes, arrays of objects become numbered subgroups. The whole document is
//! also kept verbatim in the attribute "json", so nothing is lost in the mapping.

#include <hdf5.h>
#include <nlohmann/json.hpp>

#include <string>

namespace karst::io {

//! Writes `doc` under `group_path` (created) in the open file or group `parent`. Not collective:
//! call it on one rank with a file opened on MPI_COMM_SELF.
void write_json_group(hid_t parent, const std::string& group_path, const nlohmann::json& doc);
//! Reads back the verbatim document of a group written by write_json_group.
nlohmann::json read_json_group(hid_t parent, const std::string& group_path);

}  // namespace karst::io
