#pragma once
//! DIMACS shortest-path formats (9th DIMACS Challenge): `.gr` arcs ("p sp N M", "a U V W"),
//! `.co` coordinates ("p aux sp co N", "v ID X Y") and `.ss` sources ("p aux sp ss K", "s ID").
//! Ids are 1-based in the files and 0-based in memory. Every malformed line is an error naming the
//! file and line; negative weights are refused (shortest paths here assume w >= 0).

#include <cstdint>
#include <string>
#include <vector>

namespace karst::io {

struct EdgeList {
  std::int64_t num_vertices = 0;
  std::vector<std::int64_t> src, dst;
  std::vector<std::int64_t> weight;
  std::string source;  //!< file name
};

EdgeList read_dimacs_gr(const std::string& path);
//! Coordinates (x, y) per vertex, 0-based; `expected_vertices` must match the .gr file.
std::vector<std::pair<double, double>> read_dimacs_co(const std::string& path,
                                                      std::int64_t expected_vertices);
//! Source vertices, 0-based.
std::vector<std::int64_t> read_dimacs_ss(const std::string& path, std::int64_t num_vertices);

}  // namespace karst::io
