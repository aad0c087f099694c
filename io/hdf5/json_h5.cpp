#include "io/hdf5/json_h5.hpp"

#include "base/error.hpp"
#include "io/hdf5/h5_file.hpp"

#include <algorithm>
#include <vector>

namespace karst::io {

namespace {

template <class T>
void write_numbers(hid_t obj, const std::string& name, const std::vector<T>& v, hid_t type) {
  hsize_t n = v.size();
  H5Handle space(n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr), H5Sclose);
  H5Handle attr(H5Acreate2(obj, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
  h5_check(attr.get(), "hdf5", "creating attribute '" + name + "'");
  H5Awrite(attr.get(), type, v.data());
}

bool all_numbers(const nlohmann::json& a) {
  if (a.empty()) return false;
  for (const auto& x : a)
    if (!x.is_number()) return false;
  return true;
}

void write_node(hid_t group, const nlohmann::json& obj) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& key = it.key();
    const auto& v = it.value();
    if (v.is_object()) {
      auto sub = ensure_group(group, key);
      write_node(sub.get(), v);
    } else if (v.is_array() && all_numbers(v)) {
      write_numbers(group, key, v.get<std::vector<double>>(), H5T_NATIVE_DOUBLE);
    } else if (v.is_array()) {
      auto sub = ensure_group(group, key);
      for (size_t i = 0; i < v.size(); ++i) {
        const auto& item = v[i];
        const std::string name = std::to_string(i);
        if (item.is_object()) {
          auto g = ensure_group(sub.get(), name);
          write_node(g.get(), item);
        } else {
          write_string_attribute(sub.get(), name,
                                 item.is_string() ? item.get<std::string>() : item.dump());
        }
      }
    } else if (v.is_number_integer()) {
      write_numbers(group, key, std::vector<long long>{v.get<long long>()}, H5T_NATIVE_LLONG);
    } else if (v.is_number()) {
      write_numbers(group, key, std::vector<double>{v.get<double>()}, H5T_NATIVE_DOUBLE);
    } else if (v.is_boolean()) {
      write_numbers(group, key, std::vector<int>{v.get<bool>() ? 1 : 0}, H5T_NATIVE_INT);
    } else if (v.is_string()) {
      write_string_attribute(group, key, v.get<std::string>());
    } else {
      write_string_attribute(group, key, v.dump());
    }
  }
}

}  // namespace

void write_json_group(hid_t parent, const std::string& group_path, const nlohmann::json& doc) {
  auto group = ensure_group(parent, group_path);
  write_string_attribute(group.get(), "json", doc.dump());
  if (doc.is_object()) write_node(group.get(), doc);
}

nlohmann::json read_json_group(hid_t parent, const std::string& group_path) {
  // Messages name the file too: "/checkpoint: HDF5 group not found" alone does not say which
  // file was the wrong one.
  std::string file(1024, '\0');
  const auto length = H5Fget_name(parent, file.data(), file.size());
  file.resize(length > 0 ? std::min<size_t>(size_t(length), file.size() - 1) : 0);
  const std::string where = file.empty() ? group_path : file + ":" + group_path;
  if (H5Lexists(parent, group_path.c_str(), H5P_DEFAULT) <= 0)
    throw Error(where, "HDF5 group not found");
  H5Handle group(H5Gopen2(parent, group_path.c_str(), H5P_DEFAULT), H5Gclose);
  h5_check(group.get(), where, "opening group");
  if (H5Aexists(group.get(), "json") <= 0) throw Error(where, "has no 'json' attribute");
  try {
    return nlohmann::json::parse(read_string_attribute(group.get(), "json"));
  } catch (const nlohmann::json::exception& e) {
    throw Error(where, std::string("attribute 'json' is not valid JSON: ") + e.what());
  }
}

}  // namespace karst::io
