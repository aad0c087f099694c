#include "io/graph/dimacs.hpp"

#include "base/atomic_file.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace karst::io {

namespace {

// Reads a stream line by line, skipping comments and blank lines, with the line number at hand.
class LineReader {
 public:
  LineReader(std::istream& in, const std::string& source) : source_(source), in_(in) {}
  bool next(std::string& line) {
    while (std::getline(in_, line)) {
      ++number_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      // A line of blanks is as empty as an empty one (and has no first token to look at).
      if (line.find_first_not_of(" \t\n\v\f\r") == std::string::npos || line[0] == 'c') continue;
      return true;
    }
    return false;
  }
  std::string where() const { return fmt::format("{}:{}", source_, number_); }
  std::istream& stream() { return in_; }

 private:
  std::string source_;
  std::istream& in_;
  long long number_ = 0;
};

// The file at `path`, opened for reading; the errors name it.
std::ifstream open_for_reading(const std::string& path) {
  if (!std::filesystem::exists(path)) throw Error(path, "file does not exist");
  std::ifstream in(path);
  if (!in) throw Error(path, "cannot open for reading");
  return in;
}

std::int64_t to_int(const std::string& token, const std::string& where, const char* what) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(token.c_str(), &end, 10);
  if (token.empty() || end != token.c_str() + token.size() || errno == ERANGE)
    throw Error(where, fmt::format("{} '{}' is not an integer", what, token));
  return v;
}

double to_double(const std::string& token, const std::string& where, const char* what) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(token.c_str(), &end);
  if (token.empty() || end != token.c_str() + token.size() || errno == ERANGE)
    throw Error(where, fmt::format("{} '{}' is not a number", what, token));
  return v;
}

std::vector<std::string> split(const std::string& line) {
  std::istringstream ss(line);
  std::vector<std::string> t;
  for (std::string s; ss >> s;) t.push_back(s);
  return t;
}

std::int64_t vertex(const std::string& token, const std::string& where, std::int64_t n) {
  const auto v = to_int(token, where, "vertex id");
  if (v < 1 || v > n) throw Error(where, fmt::format("vertex id {} is outside 1..{}", v, n));
  return v - 1;
}

constexpr std::int64_t kMaxVertices = 1LL << 34;

// "a 1 2 0" and its newline: the shortest arc line.
constexpr std::int64_t kMinArcLineBytes = 8;

// Bytes from the read position to the end of `in`; a modest guess when the stream cannot seek.
std::int64_t bytes_left(std::istream& in) {
  constexpr std::int64_t kUnknown = 1 << 23;
  if (in.eof()) return 0;
  const auto here = in.tellg();
  if (here < 0) return kUnknown;
  in.seekg(0, std::ios::end);
  const auto end = in.tellg();
  in.seekg(here);
  if (end < 0 || !in) {
    in.clear();
    in.seekg(here);
    return kUnknown;
  }
  return static_cast<std::int64_t>(end - here);
}

}  // namespace

EdgeList read_dimacs_gr(const std::string& path) {
  auto in = open_for_reading(path);
  return parse_dimacs_gr(in, path);
}

EdgeList parse_dimacs_gr(std::istream& in, const std::string& path) {
  LineReader r(in, path);
  EdgeList g;
  g.source = path;
  std::int64_t declared_arcs = -1;
  std::string line;
  while (r.next(line)) {
    const auto t = split(line);
    if (t[0] == "p") {
      if (declared_arcs >= 0) throw Error(r.where(), "a second problem line");
      if (t.size() != 4 || t[1] != "sp") throw Error(r.where(), "expected 'p sp NODES ARCS'");
      g.num_vertices = to_int(t[2], r.where(), "node count");
      declared_arcs = to_int(t[3], r.where(), "arc count");
      if (g.num_vertices < 1 || g.num_vertices > kMaxVertices || declared_arcs < 0 ||
          declared_arcs > 16 * kMaxVertices)
        throw Error(r.where(), fmt::format("{} nodes and {} arcs is empty or absurdly large",
                                           g.num_vertices, declared_arcs));
      // Room for the declared arcs, but no more than the rest of the input can hold: a 20-byte
      // file declaring 10^8 arcs must not allocate gigabytes.
      const auto room = bytes_left(r.stream()) / kMinArcLineBytes + 1;
      g.src.reserve(static_cast<size_t>(std::min<std::int64_t>(declared_arcs, room)));
      g.dst.reserve(g.src.capacity());
      g.weight.reserve(g.src.capacity());
    } else if (t[0] == "a") {
      if (declared_arcs < 0) throw Error(r.where(), "arc before the 'p sp' problem line");
      if (t.size() != 4) throw Error(r.where(), "expected 'a FROM TO WEIGHT'");
      const auto u = vertex(t[1], r.where(), g.num_vertices);
      const auto v = vertex(t[2], r.where(), g.num_vertices);
      const auto w = to_int(t[3], r.where(), "weight");
      if (w < 0) throw Error(r.where(), fmt::format("negative weight {}", w));
      g.src.push_back(u);
      g.dst.push_back(v);
      g.weight.push_back(w);
    } else {
      throw Error(r.where(), fmt::format("unknown line type '{}'", t[0]));
    }
  }
  if (declared_arcs < 0) throw Error(path, "no 'p sp' problem line: is this a DIMACS .gr file?");
  if (static_cast<std::int64_t>(g.src.size()) != declared_arcs)
    throw Error(path, fmt::format("declares {} arcs but has {}", declared_arcs, g.src.size()));
  return g;
}

std::vector<std::pair<double, double>> read_dimacs_co(const std::string& path,
                                                      std::int64_t expected_vertices) {
  auto in = open_for_reading(path);
  return parse_dimacs_co(in, path, expected_vertices);
}

std::vector<std::pair<double, double>> parse_dimacs_co(std::istream& in, const std::string& path,
                                                       std::int64_t expected_vertices) {
  LineReader r(in, path);
  std::vector<std::pair<double, double>> xy;
  std::vector<char> seen;
  std::string line;
  std::int64_t n = -1;
  while (r.next(line)) {
    const auto t = split(line);
    if (t[0] == "p") {
      if (t.size() != 5 || t[1] != "aux" || t[2] != "sp" || t[3] != "co")
        throw Error(r.where(), "expected 'p aux sp co NODES'");
      n = to_int(t[4], r.where(), "node count");
      if (n != expected_vertices)
        throw Error(r.where(), fmt::format("{} nodes, but the graph has {}", n, expected_vertices));
      xy.assign(static_cast<size_t>(n), {0.0, 0.0});
      seen.assign(static_cast<size_t>(n), 0);
    } else if (t[0] == "v") {
      if (n < 0) throw Error(r.where(), "coordinate before the problem line");
      if (t.size() != 4) throw Error(r.where(), "expected 'v ID X Y'");
      const auto v = vertex(t[1], r.where(), n);
      xy[v] = {to_double(t[2], r.where(), "x"), to_double(t[3], r.where(), "y")};
      seen[v] = 1;
    } else {
      throw Error(r.where(), fmt::format("unknown line type '{}'", t[0]));
    }
  }
  if (n < 0) throw Error(path, "no 'p aux sp co' problem line");
  for (std::int64_t v = 0; v < n; ++v)
    if (!seen[v]) throw Error(path, fmt::format("vertex {} has no coordinates", v + 1));
  return xy;
}

std::vector<std::int64_t> read_dimacs_ss(const std::string& path, std::int64_t num_vertices) {
  auto in = open_for_reading(path);
  return parse_dimacs_ss(in, path, num_vertices);
}

std::vector<std::int64_t> parse_dimacs_ss(std::istream& in, const std::string& path,
                                          std::int64_t num_vertices) {
  LineReader r(in, path);
  std::vector<std::int64_t> sources;
  std::string line;
  bool header = false;
  while (r.next(line)) {
    const auto t = split(line);
    if (t[0] == "p") {
      if (t.size() != 5 || t[1] != "aux" || t[2] != "sp" || t[3] != "ss")
        throw Error(r.where(), "expected 'p aux sp ss COUNT'");
      header = true;
    } else if (t[0] == "s") {
      if (!header) throw Error(r.where(), "source before the problem line");
      if (t.size() != 2) throw Error(r.where(), "expected 's ID'");
      sources.push_back(vertex(t[1], r.where(), num_vertices));
    } else {
      throw Error(r.where(), fmt::format("unknown line type '{}'", t[0]));
    }
  }
  if (!header) throw Error(path, "no 'p aux sp ss' problem line");
  return sources;
}

void write_dimacs_gr(const std::string& path, const EdgeList& g) {
  const size_t m = g.src.size();
  if (g.dst.size() != m || g.weight.size() != m)
    throw Error(path, fmt::format("arc list has {} tails, {} heads and {} weights", m, g.dst.size(),
                                  g.weight.size()));
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "c written by karst from {}\np sp {} {}\n",
                 g.source.empty() ? "memory" : g.source, g.num_vertices, m);
  for (size_t e = 0; e < m; ++e) {
    if (g.src[e] < 0 || g.src[e] >= g.num_vertices || g.dst[e] < 0 || g.dst[e] >= g.num_vertices)
      throw Error(path, fmt::format("arc {} ({} -> {}) leaves the {} vertices", e, g.src[e],
                                    g.dst[e], g.num_vertices));
    if (g.weight[e] < 0)
      throw Error(path, fmt::format("arc {} has negative weight {}", e, g.weight[e]));
    fmt::format_to(std::back_inserter(out), "a {} {} {}\n", g.src[e] + 1, g.dst[e] + 1,
                   g.weight[e]);
  }
  write_text_atomically(path, fmt::to_string(out));
}

}  // namespace karst::io
