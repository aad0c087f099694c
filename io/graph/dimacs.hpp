#pragma once
//! DIMACS shortest-path formats (9th DIMACS Challenge): `.gr` arcs ("p sp N M", "a U V W"),
//! `.co` coordinates ("p aux sp co N", "v ID X Y") and `.ss` sources ("p aux sp ss K", "s ID").
//! Ids are 1-based in the files and 0-based in memory. Every malformed line is an error naming the
//! file and line; negative weights are refused (shortest paths here assume w >= 0).

#include <cstdint>
#include <istream>
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

//! The same three parsers on a stream (what the path versions call): `source` names the input in
//! error messages. For text that is not a file, and for the fuzz targets in tests/fuzz/.
EdgeList parse_dimacs_gr(std::istream& in, const std::string& source);
std::vector<std::pair<double, double>> parse_dimacs_co(std::istream& in, const std::string& source,
                                                       std::int64_t expected_vertices);
std::vector<std::int64_t> parse_dimacs_ss(std::istream& in, const std::string& source,
                                          std::int64_t num_vertices);

//! Writes `g` as a DIMACS `.gr` file (1-based ids, arcs in list order) that read_dimacs_gr and
//! other shortest-path codes (GAPBS, the DIMACS challenge tools) read back; all-or-nothing, through
//! a temporary file. Negative weights and ids outside the graph are refused, as on reading.
void write_dimacs_gr(const std::string& path, const EdgeList& g);

}  // namespace karst::io
