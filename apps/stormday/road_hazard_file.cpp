#include "apps/stormday/road_hazard_file.hpp"

#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/hdf5/json_h5.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace karst::stormday {

namespace {

std::vector<double> flatten(const std::vector<std::vector<double>>& rows) {
  std::vector<double> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  return flat;
}

std::vector<std::vector<double>> unflatten(const std::vector<double>& flat, size_t rows,
                                           size_t cols) {
  std::vector<std::vector<double>> out(rows);
  for (size_t r = 0; r < rows; ++r)
    out[r].assign(flat.begin() + static_cast<long>(r * cols),
                  flat.begin() + static_cast<long>((r + 1) * cols));
  return out;
}

std::vector<double> read_all(const io::H5File& f, const std::string& name,
                             std::vector<hsize_t>* shape_out = nullptr) {
  const auto shape = io::dataset_shape(f, name);
  const auto block = io::Block::whole(shape);
  std::vector<double> v(block.size());
  io::read_block(f, name, block, v.data());
  if (shape_out) *shape_out = shape;
  return v;
}

}  // namespace

nlohmann::json closures_json(const SegmentClosures& closures) {
  auto doc = nlohmann::json::array();
  for (const auto& list : closures) {
    auto segment = nlohmann::json::array();
    for (const auto& c : list)
      segment.push_back(nlohmann::json::array(
          {c.begin_s, c.open_ended() ? nlohmann::json(nullptr) : nlohmann::json(c.end_s)}));
    doc.push_back(segment);
  }
  return doc;
}

SegmentClosures closures_from_json(const nlohmann::json& doc) {
  SegmentClosures out;
  for (const auto& segment : doc) {
    out.emplace_back();
    for (const auto& c : segment)
      out.back().push_back(
          Closure{c.at(0).get<double>(), c.at(1).is_null() ? std::numeric_limits<double>::infinity()
                                                           : c.at(1).get<double>()});
  }
  return out;
}

void write_road_hazard(const std::string& path, const RoadHazard& hazard,
                       const SegmentClosures& closures, const RoadHazardFileInfo& info,
                       const mpi::Comm& comm) {
  // Kilobytes: one rank writes the whole file, the others only wait for its rename.
  if (comm.is_root()) {
    const hsize_t w = hazard.windows(), s = hazard.segments();
    auto f = io::H5File::create(path, mpi::Comm::self());
    io::write_block(f, "window_end_s", io::Block::whole({w}), hazard.window_end_s.data(),
                    {"s", {}, {}});
    io::write_block(f, "max_depth_m", io::Block::whole({w, s}), flatten(hazard.max_depth_m).data(),
                    {"m", {}, {}});
    io::write_block(f, "max_speed_m_per_s", io::Block::whole({w, s}),
                    flatten(hazard.max_speed_m_per_s).data(), {"m/s", {}, {}});
    io::write_block(f, "max_hazard_rating", io::Block::whole({w, s}),
                    flatten(hazard.max_hazard_rating).data(), {"1", {}, {}});
    const std::vector<double> cells(hazard.road_cells.begin(), hazard.road_cells.end());
    const std::vector<double> bridged(hazard.bridged_cells.begin(), hazard.bridged_cells.end());
    io::write_block(f, "road_cells", io::Block::whole({s}), cells.data(), {"1", {}, {}});
    io::write_block(f, "bridged_cells", io::Block::whole({s}), bridged.data(), {"1", {}, {}});
    io::write_json_group(f.id(), "/closures",
                         {{"depth_m", info.rule.depth_m},
                          {"hazard_rating", info.rule.hazard_rating},
                          {"window_s", hazard.window_s},
                          {"segments", closures_json(closures)}});
    io::write_json_group(f.id(), "/info",
                         {{"rain_scale", info.rain_scale},
                          {"duration_s", info.duration_s},
                          {"window_s", hazard.window_s},
                          {"closure_depth_m", info.rule.depth_m},
                          {"closure_hazard_rating", info.rule.hazard_rating},
                          {"windows", w},
                          {"segments", s}});
    f.commit();
  }
  comm.barrier();
}

RoadHazard read_road_hazard(const std::string& path, SegmentClosures* closures) {
  const auto f = io::H5File::open_read(path, mpi::Comm::self());
  RoadHazard h;
  h.window_end_s = read_all(f, "window_end_s");
  const auto cells = read_all(f, "road_cells");
  const auto bridged = read_all(f, "bridged_cells");
  for (double c : cells) h.road_cells.push_back(std::llround(c));
  for (double c : bridged) h.bridged_cells.push_back(std::llround(c));
  const size_t w = h.window_end_s.size(), s = h.road_cells.size();
  for (auto [name, target] : {std::make_pair("max_depth_m", &h.max_depth_m),
                              std::make_pair("max_speed_m_per_s", &h.max_speed_m_per_s),
                              std::make_pair("max_hazard_rating", &h.max_hazard_rating)}) {
    std::vector<hsize_t> shape;
    const auto flat = read_all(f, name, &shape);
    if (shape != std::vector<hsize_t>{w, s})
      throw Error(fmt::format("{}: dataset '{}'", path, name),
                  fmt::format("is not [{}, {}] (windows, segments)", w, s));
    *target = unflatten(flat, w, s);
  }
  const auto doc = io::read_json_group(f.id(), "/closures");
  h.window_s = doc.at("window_s").get<double>();
  if (closures) *closures = closures_from_json(doc.at("segments"));
  return h;
}

}  // namespace karst::stormday
