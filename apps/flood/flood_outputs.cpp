#include "apps/flood/flood_outputs.hpp"

#include "apps/common/run_directory.hpp"
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "io/hdf5/field_io.hpp"
#include "io/hdf5/json_h5.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <vector>

namespace karst::flood {

namespace {

io::Block owned_block(const Decomposition& d) {
  return io::Block{{hsize_t(d.ny_global), hsize_t(d.nx_global)},
                   {hsize_t(d.i0), hsize_t(d.j0)},
                   {hsize_t(d.ny), hsize_t(d.nx)}};
}

io::FieldMeta meta(const FloodSetup& s, const std::string& units) {
  // origin: (y, x) of the centre of cell (0, 0), as io::read_raster_h5 expects.
  return {units, {s.dx, s.dx}, {s.cell_y(0), s.cell_x(0)}};
}

void write_owned(io::H5File& f, const FloodModel& m, const std::string& name, const Field2D& field,
                 const std::string& units) {
  io::write_view(f, name, owned_block(m.decomposition()), owned_host(m, field),
                 meta(m.setup(), units));
}

void read_owned(const io::H5File& f, const FloodModel& m, const std::string& name,
                const Field2D& field) {
  const auto& d = m.decomposition();
  Field2DHost host("flood::owned_in", d.ny, d.nx);
  io::read_view(f, name, owned_block(d), host);
  Field2D contiguous("flood::owned", d.ny, d.nx);
  Kokkos::deep_copy(contiguous, host);
  Kokkos::deep_copy(
      Kokkos::subview(field, std::make_pair(1, d.ny + 1), std::make_pair(1, d.nx + 1)), contiguous);
}

const char* kLevels[4] = {"blue", "yellow", "orange", "red"};

}  // namespace

Field2DHost owned_host(const FloodModel& m, const Field2D& field) {
  const auto& d = m.decomposition();
  Field2D contiguous("flood::owned", d.ny, d.nx);
  Kokkos::deep_copy(
      contiguous, Kokkos::subview(field, std::make_pair(1, d.ny + 1), std::make_pair(1, d.nx + 1)));
  auto host = Kokkos::create_mirror_view(contiguous);
  Kokkos::deep_copy(host, contiguous);
  return host;
}

int hazard_class(double depth, double rating) {
  if (depth < 0.01) return 0;
  if (rating < 0.75) return 1;
  if (rating < 1.25) return 2;
  if (rating < 2.0) return 3;
  return 4;
}

std::string write_snapshot(const FloodModel& m, const std::string& dir, int index) {
  const auto& comm = m.decomposition().cart;
  const std::string sub = dir + "/snapshots";
  apps::make_directories(sub, comm);
  const std::string name = fmt::format("flood_{:05d}.h5", index);
  auto f = io::H5File::create(sub + "/" + name, comm);
  write_owned(f, m, "h", m.state().h, "m");
  write_owned(f, m, "hu", m.state().hu, "m2/s");
  write_owned(f, m, "hv", m.state().hv, "m2/s");
  io::write_json_group(f.id(), "/info", {{"time_s", m.time()}, {"step", m.steps()}});
  f.commit();
  return "snapshots/" + name;
}

void write_maps(const FloodModel& m, const GaugeSeries& series, const std::string& dir) {
  const auto& comm = m.decomposition().cart;
  auto f = io::H5File::create(dir + "/maps.h5", comm);
  write_owned(f, m, "max_depth", m.maps().max_depth, "m");
  write_owned(f, m, "max_speed", m.maps().max_speed, "m/s");
  write_owned(f, m, "max_hazard_rating", m.maps().max_hazard, "1");
  write_owned(f, m, "arrival_time", m.maps().arrival_time, "s");
  write_owned(f, m, "bed", m.bed(), "m");
  // Hazard class, derived on the host from the maxima.
  {
    auto depth = owned_host(m, m.maps().max_depth), rating = owned_host(m, m.maps().max_hazard);
    Field2DHost cls("flood::hazard_class", depth.extent(0), depth.extent(1));
    for (size_t i = 0; i < depth.extent(0); ++i)
      for (size_t j = 0; j < depth.extent(1); ++j)
        cls(i, j) = hazard_class(depth(i, j), rating(i, j));
    io::write_view(f, "hazard_class", owned_block(m.decomposition()), cls,
                   meta(m.setup(), "class"));
  }
  // Gauge hydrographs: rank 0 writes the whole (small) arrays, the others an empty block.
  const hsize_t nt = series.time.size(), ng = m.setup().gauges.size();
  if (nt > 0 && ng > 0) {
    std::vector<double> flat;
    for (const auto& row : series.depth) flat.insert(flat.end(), row.begin(), row.end());
    const bool root = comm.is_root();
    io::write_block(f, "gauges/time", io::Block{{nt}, {0}, {root ? nt : 0}}, series.time.data(),
                    {"s", {}, {}});
    io::write_block(f, "gauges/depth", io::Block{{nt, ng}, {0, 0}, {root ? nt : 0, root ? ng : 0}},
                    flat.data(), {"m", {}, {}});
  }
  f.commit();
}

void write_xdmf(const FloodModel& m, const std::vector<std::pair<double, std::string>>& snapshots,
                const std::string& dir) {
  const auto& s = m.setup();
  // Cell data on a 2DCoRectMesh of (ny+1) x (nx+1) nodes. XDMF's y axis here runs down the rows
  // (southward); x east. Origin and spacing are in metres from the domain's north-west corner.
  const std::string topo = fmt::format(
      "<Topology TopologyType=\"2DCoRectMesh\" Dimensions=\"{} {}\"/>\n"
      "      <Geometry GeometryType=\"ORIGIN_DXDY\">\n"
      "        <DataItem Dimensions=\"2\" Format=\"XML\">0 0</DataItem>\n"
      "        <DataItem Dimensions=\"2\" Format=\"XML\">{} {}</DataItem>\n"
      "      </Geometry>\n",
      s.ny + 1, s.nx + 1, s.dx, s.dx);
  auto attribute = [&](const std::string& name, const std::string& file, const std::string& ds) {
    return fmt::format(
        "      <Attribute Name=\"{}\" AttributeType=\"Scalar\" Center=\"Cell\">\n"
        "        <DataItem Dimensions=\"{} {}\" NumberType=\"Float\" Precision=\"8\" "
        "Format=\"HDF\">{}:/{}</DataItem>\n      </Attribute>\n",
        name, s.ny, s.nx, file, ds);
  };
  std::string x = "<?xml version=\"1.0\" ?>\n<Xdmf Version=\"3.0\">\n  <Domain>\n";
  x += "    <Grid Name=\"maps\" GridType=\"Uniform\">\n      " + topo;
  for (const char* n :
       {"max_depth", "max_speed", "max_hazard_rating", "hazard_class", "arrival_time", "bed"})
    x += attribute(n, "maps.h5", n);
  x += "    </Grid>\n";
  if (!snapshots.empty()) {
    x += "    <Grid Name=\"snapshots\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
    for (const auto& [t, file] : snapshots) {
      x += fmt::format(
               "    <Grid Name=\"t={}\" GridType=\"Uniform\">\n      <Time Value=\"{}\"/>\n      ",
               t, t) +
           topo;
      for (const char* n : {"h", "hu", "hv"}) x += attribute(n, file, n);
      x += "    </Grid>\n";
    }
    x += "    </Grid>\n";
  }
  x += "  </Domain>\n</Xdmf>\n";
  io::write_text_atomically(dir + "/flood.xdmf", x);
}

void write_gauge_csv(const FloodModel& m, const GaugeSeries& series, const std::string& dir) {
  std::string csv = "time_s";
  for (const auto& g : m.setup().gauges) csv += "," + g.name + "_depth_m";
  csv += "\n";
  for (size_t k = 0; k < series.time.size(); ++k) {
    csv += fmt::format("{:.3f}", series.time[k]);
    for (double d : series.depth[k]) csv += fmt::format(",{:.6f}", d);
    csv += "\n";
  }
  io::write_text_atomically(dir + "/gauges.csv", csv);
}

nlohmann::json warning_events(const FloodModel& m) {
  const auto& rain = m.setup().rain_mm_per_h;
  double rain_start = -1;
  for (size_t k = 0; k < rain.value.size(); ++k)
    if (rain.value[k] > 0) {
      rain_start = rain.time[k];
      break;
    }
  nlohmann::json events = nlohmann::json::array();
  for (const auto& g : m.gauges())
    for (int l = 0; l < 4; ++l)
      if (g.first_reached[l] >= 0)
        events.push_back({{"gauge", g.spec.name},
                          {"level", kLevels[l]},
                          {"threshold_m", g.spec.thresholds_m[l]},
                          {"time_s", g.first_reached[l]},
                          {"lead_time_from_rain_start_s",
                           rain_start >= 0 ? nlohmann::json(g.first_reached[l] - rain_start)
                                           : nlohmann::json(nullptr)}});
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
    return a["time_s"].template get<double>() < b["time_s"].template get<double>();
  });
  return events;
}

namespace {
constexpr size_t kBudgetTerms = 6, kBudgetTermsBeforeInflows = 5;

// Every rank's running budget sums, in rank order (the document is replicated on all ranks).
std::vector<double> per_rank_budgets(const mpi::Comm& comm, const MassBudget& b) {
  return comm.allgatherv(std::vector<double>{b.initial_volume, b.rain, b.infiltrated,
                                             b.boundary_net_in, b.clipped, b.point_inflow});
}

// This rank's budget sums from a checkpoint. Each rank continues its own sums when the rank count
// is the same, so a continued run adds up exactly as an uninterrupted one; on another rank count
// rank 0 carries the global sums (equal to rounding).
MassBudget restored_budget(const nlohmann::json& doc, const mpi::Comm& comm) {
  MassBudget local;
  const auto per_rank = doc.value("budget_per_rank", std::vector<double>{});
  // Checkpoints from before point inflows existed hold 5 terms per rank and no count.
  const auto terms = doc.value("budget_terms_per_rank", kBudgetTermsBeforeInflows);
  if (per_rank.size() == terms * size_t(comm.size())) {
    const double* mine = per_rank.data() + terms * comm.rank();
    local.initial_volume = mine[0];
    local.rain = mine[1];
    local.infiltrated = mine[2];
    local.boundary_net_in = mine[3];
    local.clipped = mine[4];
    if (terms > 5) local.point_inflow = mine[5];
  } else if (comm.is_root()) {
    const auto& b = doc.at("budget");
    local.initial_volume = b.at("initial").get<double>();
    local.rain = b.at("rain").get<double>();
    local.infiltrated = b.at("infiltrated").get<double>();
    local.boundary_net_in = b.at("boundary").get<double>();
    local.clipped = b.at("clipped").get<double>();
    local.point_inflow = b.value("point_inflow", 0.0);
  }
  return local;
}

// splitmix64's finaliser: every input bit changes about half the output bits.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Collective: a checksum of the whole bed, as 16 hex digits. Each cell contributes a hash of its
// global row-major index and the bit pattern of its elevation; contributions are added with
// wrapping (unsigned) arithmetic, which is order-independent, so any decomposition gives the same.
std::string bed_checksum(const FloodModel& m) {
  const auto& d = m.decomposition();
  const auto bed = owned_host(m, m.bed());
  std::uint64_t sum = 0;
  for (int i = 0; i < d.ny; ++i)
    for (int j = 0; j < d.nx; ++j) {
      const double z = bed(i, j);
      std::uint64_t bits;
      std::memcpy(&bits, &z, sizeof bits);
      const auto index = std::uint64_t(d.i0 + i) * std::uint64_t(d.nx_global) + (d.j0 + j);
      sum += mix(mix(index) ^ bits);
    }
  std::uint64_t total = 0;
  mpi::check(MPI_Allreduce(&sum, &total, 1, MPI_UINT64_T, MPI_SUM, d.cart.get()),
             "MPI_Allreduce (bed checksum)");
  return fmt::format("{:016x}", total);
}

// Collective: refuses a checkpoint written on another terrain. A checkpoint belongs to its grid
// (shape, cell size, origin) and bed elevations, not to the DEM's file name: a DEM named by
// another path, or moved, still continues its run.
// An FP32 run continued in FP64 (or back) would not be the run it claims to continue: refused.
// Checkpoints written before flood.precision existed are FP64.
void check_same_precision(const nlohmann::json& doc, const FloodModel& m, const std::string& path) {
  const std::string there = doc.value("precision", std::string("fp64"));
  const std::string here = m.setup().precision_name();
  if (there != here)
    throw Error(path, fmt::format("is a checkpoint of a flood.precision: {} run; this run is {}",
                                  there, here));
}

void check_same_terrain(const nlohmann::json& doc, const FloodModel& m, const std::string& path) {
  const auto& s = m.setup();
  if (doc.at("ny") != s.ny || doc.at("nx") != s.nx)
    throw Error(path,
                fmt::format("is a checkpoint of '{}' ({}x{}), not of this run '{}' ({}x{})",
                            doc.at("scenario").get<std::string>(), doc.at("ny").get<long long>(),
                            doc.at("nx").get<long long>(), s.name, s.ny, s.nx));
  if (!doc.contains("bed_checksum")) {
    // Written before checkpoints recorded their terrain: only the scenario's name can tell.
    if (doc.at("scenario") != s.name)
      throw Error(path, fmt::format("is a checkpoint of '{}', not of this run '{}'",
                                    doc.at("scenario").get<std::string>(), s.name));
    return;
  }
  std::vector<std::string> differences;
  auto compare = [&](const char* key, const char* what, double here) {
    const double there = doc.at(key).get<double>();
    if (there != here)
      differences.push_back(fmt::format("{} {} m (this run: {} m)", what, there, here));
  };
  compare("cell_size_m", "cell size", s.dx);
  compare("x0_m", "west edge x0", s.x0);
  compare("y0_m", "north edge y0", s.y0);
  if (!differences.empty())
    throw Error(path,
                fmt::format("is a checkpoint of another grid: {}", fmt::join(differences, ", ")));
  const std::string here = bed_checksum(m);
  if (doc.at("bed_checksum") != here)
    throw Error(path, fmt::format("is a checkpoint of another bed elevation (checksum {}; this "
                                  "run's bed, on the same grid, has {}): the terrain changed",
                                  doc.at("bed_checksum").get<std::string>(), here));
}

// Collective: the first-reached times of the gauges this rank owns, from a checkpoint.
std::vector<std::vector<double>> restored_gauge_levels(const nlohmann::json& doc,
                                                       const FloodModel& m,
                                                       const std::string& path) {
  const auto& first = doc.at("gauges_first_reached");
  const auto all = m.gauges();
  if (first.size() != all.size())
    throw Error(path, "has a different number of gauges than this run");
  std::vector<std::vector<double>> mine;
  for (size_t g = 0; g < all.size(); ++g)
    if (all[g].owner == m.decomposition().cart.rank())
      mine.push_back(first[g].get<std::vector<double>>());
  return mine;
}
}  // namespace

void write_checkpoint(const FloodModel& m, const std::string& path, const nlohmann::json& extra) {
  const auto& comm = m.decomposition().cart;
  const auto saved = m.restart_state();
  const auto budget = m.budget();
  auto gauges = m.gauges();
  auto f = io::H5File::create(path, comm);
  write_owned(f, m, "h", m.state().h, "m");
  write_owned(f, m, "hu", m.state().hu, "m2/s");
  write_owned(f, m, "hv", m.state().hv, "m2/s");
  write_owned(f, m, "max_depth", m.maps().max_depth, "m");
  write_owned(f, m, "max_speed", m.maps().max_speed, "m/s");
  write_owned(f, m, "max_hazard_rating", m.maps().max_hazard, "1");
  write_owned(f, m, "arrival_time", m.maps().arrival_time, "s");
  nlohmann::json first = nlohmann::json::array();
  for (const auto& g : gauges) first.push_back(g.first_reached);
  const nlohmann::json state = {{"scenario", m.setup().name},
                                {"ny", m.setup().ny},
                                {"nx", m.setup().nx},
                                {"cell_size_m", m.setup().dx},
                                {"x0_m", m.setup().x0},
                                {"y0_m", m.setup().y0},
                                {"bed_checksum", bed_checksum(m)},
                                {"precision", m.setup().precision_name()},
                                {"time_s", saved.time},
                                {"steps", saved.steps},
                                {"budget",
                                 {{"initial", budget.initial_volume},
                                  {"rain", budget.rain},
                                  {"infiltrated", budget.infiltrated},
                                  {"boundary", budget.boundary_net_in},
                                  {"clipped", budget.clipped},
                                  {"point_inflow", budget.point_inflow}}},
                                {"budget_per_rank", per_rank_budgets(comm, saved.local_budget)},
                                {"budget_terms_per_rank", kBudgetTerms},
                                {"gauges_first_reached", first},
                                {"runner", extra}};
  // Metadata is collective in parallel HDF5: every rank writes the same (replicated) document.
  io::write_json_group(f.id(), "/checkpoint", state);
  f.commit();
}

nlohmann::json read_checkpoint(FloodModel& m, const std::string& path) {
  const auto& comm = m.decomposition().cart;
  auto f = io::H5File::open_read(path, comm);
  const auto doc = io::read_json_group(f.id(), "/checkpoint");
  check_same_precision(doc, m, path);
  check_same_terrain(doc, m, path);
  read_owned(f, m, "h", m.mutable_state().h);
  read_owned(f, m, "hu", m.mutable_state().hu);
  read_owned(f, m, "hv", m.mutable_state().hv);
  read_owned(f, m, "max_depth", m.mutable_maps().max_depth);
  read_owned(f, m, "max_speed", m.mutable_maps().max_speed);
  read_owned(f, m, "max_hazard_rating", m.mutable_maps().max_hazard);
  read_owned(f, m, "arrival_time", m.mutable_maps().arrival_time);
  FloodModel::RestartState saved;
  saved.time = doc.at("time_s").get<double>();
  saved.steps = doc.at("steps").get<long long>();
  saved.local_budget = restored_budget(doc, comm);
  saved.first_reached = restored_gauge_levels(doc, m, path);
  m.restore(saved);
  return doc.at("runner");
}

}  // namespace karst::flood
