#include "apps/stormday/county_file.hpp"

#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/hdf5/json_h5.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace karst::stormday {

namespace {

using nlohmann::json;

void write_column(io::H5File& f, const std::string& name, const std::vector<double>& v,
                  const std::string& units) {
  io::write_block(f, name, io::Block::whole({v.size()}), v.data(), {units, {}, {}});
}

std::vector<double> read_column(const io::H5File& f, const std::string& name, size_t n) {
  std::vector<double> v(n);
  io::read_block(f, name, io::Block::whole({n}), v.data());
  return v;
}

// JSON fields read with the file and the field named in any error.
template <class T>
T field(const json& j, const char* key, const std::string& where) {
  try {
    return j.at(key).get<T>();
  } catch (const json::exception&) {
    throw Error(where, fmt::format("field '{}' is missing or of the wrong type", key));
  }
}

}  // namespace

void write_county(const County& c, const std::string& path) {
  auto f = io::H5File::create(path, mpi::Comm::self());
  const size_t n = c.nodes.size(), s = c.segments.size();
  std::vector<double> x(n), y(n), from(s), to(s), length(s), travel(s);
  for (size_t k = 0; k < n; ++k) x[k] = c.nodes[k].x, y[k] = c.nodes[k].y;
  json kinds = json::array();
  for (size_t k = 0; k < s; ++k) {
    const auto& g = c.segments[k];
    from[k] = g.from, to[k] = g.to, length[k] = g.length_m;
    travel[k] = double(g.travel_s);  // exact: whole seconds far below 2^53
    kinds.push_back(g.kind);
  }
  io::ensure_group(f.id(), "roads");
  write_column(f, "roads/node_x", x, "m");
  write_column(f, "roads/node_y", y, "m");
  write_column(f, "roads/segment_from", from, "1");
  write_column(f, "roads/segment_to", to, "1");
  write_column(f, "roads/segment_length_m", length, "m");
  write_column(f, "roads/segment_travel_s", travel, "s");
  json doc = {{"name", c.name},
              {"size", c.size},
              {"seed", c.seed},
              {"grid",
               {{"ny", c.grid.ny},
                {"nx", c.grid.nx},
                {"dx", c.grid.dx},
                {"x0", c.grid.x0},
                {"y0", c.grid.y0}}},
              {"nodes", n},
              {"segments", s},
              {"segment_kinds", kinds},
              {"villages", json::array()},
              {"farms", json::array()},
              {"markets", json::array()}};
  for (const auto& v : c.villages)
    doc["villages"].push_back({{"name", v.name}, {"node", v.node}, {"population", v.population}});
  for (const auto& t : c.farms)
    doc["farms"].push_back({{"name", t.name},
                            {"node", t.node},
                            {"produce", t.produce},
                            {"tonnes", t.tonnes},
                            {"departure_s", t.departure_s},
                            {"deadline_h", t.deadline_h}});
  for (const auto& m : c.markets) doc["markets"].push_back({{"name", m.name}, {"node", m.node}});
  io::write_json_group(f.id(), "county", doc);
  f.commit();
}

County read_county(const std::string& path) {
  const auto f = io::H5File::open_read(path, mpi::Comm::self());
  const json doc = io::read_json_group(f.id(), "county");
  const std::string where = path + ":county";
  County c;
  c.name = field<std::string>(doc, "name", where);
  c.size = field<double>(doc, "size", where);
  c.seed = field<unsigned>(doc, "seed", where);
  const json grid = field<json>(doc, "grid", where);
  c.grid = {field<long long>(grid, "ny", where + ".grid"),
            field<long long>(grid, "nx", where + ".grid"),
            field<double>(grid, "dx", where + ".grid"), field<double>(grid, "x0", where + ".grid"),
            field<double>(grid, "y0", where + ".grid")};
  const auto n = field<size_t>(doc, "nodes", where), s = field<size_t>(doc, "segments", where);
  const auto kinds = field<std::vector<std::string>>(doc, "segment_kinds", where);
  if (kinds.size() != s)
    throw Error(where, fmt::format("{} segment kinds for {} segments", kinds.size(), s));
  const auto x = read_column(f, "roads/node_x", n), y = read_column(f, "roads/node_y", n);
  const auto from = read_column(f, "roads/segment_from", s),
             to = read_column(f, "roads/segment_to", s);
  const auto length = read_column(f, "roads/segment_length_m", s),
             travel = read_column(f, "roads/segment_travel_s", s);
  for (size_t k = 0; k < n; ++k) c.nodes.push_back({x[k], y[k]});
  for (size_t k = 0; k < s; ++k) {
    for (double v : {from[k], to[k], travel[k]})
      if (!(v >= 0 && v < 9e15) || v != std::floor(v))
        throw Error(path + ":roads", fmt::format("segment {}: '{}' is not a whole number", k, v));
    c.segments.push_back({static_cast<int>(from[k]), static_cast<int>(to[k]), kinds[k], length[k],
                          static_cast<std::int64_t>(travel[k])});
  }
  for (const auto& v : field<json>(doc, "villages", where))
    c.villages.push_back({field<std::string>(v, "name", where + ".villages"),
                          field<int>(v, "node", where + ".villages"),
                          field<int>(v, "population", where + ".villages")});
  for (const auto& t : field<json>(doc, "farms", where))
    c.farms.push_back({field<std::string>(t, "name", where + ".farms"),
                       field<int>(t, "node", where + ".farms"),
                       field<std::string>(t, "produce", where + ".farms"),
                       field<double>(t, "tonnes", where + ".farms"),
                       field<double>(t, "departure_s", where + ".farms"),
                       field<double>(t, "deadline_h", where + ".farms")});
  for (const auto& m : field<json>(doc, "markets", where))
    c.markets.push_back({field<std::string>(m, "name", where + ".markets"),
                         field<int>(m, "node", where + ".markets")});
  try {
    validate(c);
  } catch (const Error& e) {
    throw Error(path, e.what());
  }
  return c;
}

}  // namespace karst::stormday
