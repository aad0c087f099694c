//! `karst bench`: a suite file's cases, each repeated, reported against the node's measured
//! roofline, the system's peak and the Gui'an peak, and optionally checked against references.

#include "apps/common/data_dir.hpp"
#include "apps/common/preemption.hpp"
#include "apps/common/run_directory.hpp"
#include "apps/common/summary.hpp"
#include "apps/karst/commands.hpp"
#include "apps/karst/workload_registry.hpp"
#include "base/error.hpp"
#include "bench/references.hpp"
#include "bench/repetition_stats.hpp"
#include "bench/roofline.hpp"
#include "bench/suite.hpp"
#include "bench/system_description.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

namespace karst::apps {

namespace {

const Workload& find_workload(const std::string& name, const std::string& where) {
  for (const auto& w : workloads())
    if (w.name == name) return w;
  throw Error(where, "unknown workload '" + name + "'");
}

//! Progress on stderr: one overwritten line on a terminal, plain lines in a batch log.
class Progress {
 public:
  Progress(bool enabled, int total_runs)
      : enabled_(enabled), tty_(isatty(2)), total_(total_runs), start_(Clock::now()) {}
  void before(const std::string& label) {
    if (!enabled_) return;
    const double el = elapsed();
    std::string eta =
        done_ > 0 ? fmt::format(", about {:.0f} s left", el / done_ * double(total_ - done_)) : "";
    std::cerr << fmt::format("karst bench: run {}/{}: {} ({:.0f} s{})", done_ + 1, total_, label,
                             el, eta)
              << (tty_ ? "\033[K\r" : "\n") << std::flush;
  }
  void after() { ++done_; }
  int done() const { return done_; }
  void finish() {
    if (enabled_ && tty_) std::cerr << "\n";
  }

 private:
  using Clock = std::chrono::steady_clock;
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  bool enabled_, tty_;
  int total_, done_ = 0;
  Clock::time_point start_;
};

//! Every figure a reference may name: the figures of merit and the totals.
std::map<std::string, double> figures_of(const nlohmann::json& doc) {
  std::map<std::string, double> f;
  for (const auto& fom : doc["figures_of_merit"]) f[fom["name"]] = fom["value"].get<double>();
  for (const char* t : {"time_s", "gflops_per_s", "gbytes_per_s", "pflops_per_s"})
    f[t] = doc["totals"][t].get<double>();
  return f;
}

std::map<std::string, bool> higher_is_better_of(const nlohmann::json& doc) {
  std::map<std::string, bool> h{
      {"time_s", false}, {"gflops_per_s", true}, {"gbytes_per_s", true}, {"pflops_per_s", true}};
  for (const auto& fom : doc["figures_of_merit"]) h[fom["name"]] = fom["higher_is_better"];
  return h;
}

//! Where the case and each of its kernels sit under the measured roofline.
nlohmann::json roofline_position(const nlohmann::json& doc, const bench::Roofline& roof) {
  auto kernel_json = [&](const std::string& name, double flops, double bytes, double gflops,
                         double gbs) {
    const double ai = bytes > 0 ? flops / bytes : 0.0;
    nlohmann::json k = {{"name", name},
                        {"intensity_flop_per_byte", ai},
                        {"gflops_per_s", gflops},
                        {"gbytes_per_s", gbs}};
    if (flops > 0) {
      k["attainable_gflops_per_s"] = roof.attainable_gflops(ai);
      k["fraction_of_attainable"] = roof.fraction_of_attainable(ai, gflops);
      k["bound"] = roof.memory_bound(ai) ? "memory" : "compute";
    } else {
      // Integer work (shortest paths) books no FLOPs: judged by bandwidth alone.
      k["fraction_of_stream_triad"] = roof.fraction_of_bandwidth(gbs);
      k["bound"] = "memory";
    }
    return k;
  };
  nlohmann::json out = {{"stream_triad_gbytes_per_s", roof.bandwidth_gbs},
                        {"fp64_gflops_per_s", roof.peak_gflops},
                        {"ridge_point_flop_per_byte", roof.ridge_point()}};
  const auto& t = doc["totals"];
  out["case"] = kernel_json("total", t["flops"], t["bytes"], t["gflops_per_s"], t["gbytes_per_s"]);
  out["kernels"] = nlohmann::json::array();
  for (const auto& k : doc["kernels"])
    out["kernels"].push_back(
        kernel_json(k["name"], k["flops"], k["bytes"], k["gflops_per_s"], k["gbytes_per_s"]));
  return out;
}

//! Weak scaling: `<workload>.size` such that the case does `factor` times its work (sizes scale
//! a length for 2D workloads, a count for graphs).
std::string scaled_size(const Workload& w, const Config& config, double factor) {
  if (w.size_key.empty())
    throw UsageError("--scale", "workload '" + w.name + "' has no size to scale");
  const double size = config.get_double(w.size_key, 1.0);
  return fmt::format("{}={:.6g}", w.size_key, size * std::pow(factor, 1.0 / w.size_dimensions));
}

bench::Roofline roofline_from_ceilings(const nlohmann::json& doc, const std::string& source) {
  if (!doc.contains("results") || !doc["results"].contains("ceilings"))
    throw Error(source, "is not a ceilings record (no results.ceilings)");
  const auto& c = doc["results"]["ceilings"];
  // A record passes the schema without its ceilings fields being checked: check them here.
  for (const char* key : {"fp64_gflops_per_s", "stream_triad_gbytes_per_s"})
    if (!c.contains(key) || !c[key].is_number() || !(c[key].get<double>() > 0))
      throw Error(source, std::string("results.ceilings.") + key + " must be a positive number");
  return {c["fp64_gflops_per_s"].get<double>(), c["stream_triad_gbytes_per_s"].get<double>()};
}

std::string check_table(const std::vector<bench::CheckLine>& lines, const std::string& refs) {
  std::string s = fmt::format("karst bench --check against {}\n", refs);
  s += fmt::format("{:<18} {:<34} {:>12} {:>12} {:>7} {:>6}  {}\n", "case", "figure", "reference",
                   "median", "ratio", "tol", "verdict");
  for (const auto& l : lines)
    s += fmt::format("{:<18} {:<34} {:>12.4g} {:>12.4g} {:>7.3f} {:>5.0f}%  {}\n", l.case_name,
                     l.figure, l.reference, l.measured, l.ratio, 100 * l.tolerance,
                     l.missing ? "MISSING" : (l.regressed ? "REGRESSION" : "ok"));
  return s;
}

}  // namespace

int bench_command(const RunOptions& options, const BenchOptions& b, const mpi::Comm& comm) {
  const std::string root = data_dir() + "/bench";
  const auto suite = bench::load_suite(bench::suite_file(b.suite, root + "/suites"));
  const auto system = bench::load_system(bench::system_file(b.system, root + "/systems"));
  const auto cases = bench::filter_cases(suite, b.filter);
  if (cases.empty())
    throw UsageError("--filter " + b.filter, "matches no case of suite '" + suite.name + "'");
  for (const auto& c : cases) find_workload(c.workload, suite.path + ": case " + c.name);
  bench::References refs;
  const std::string refs_path = !b.references.empty() ? b.references
                                                      : fmt::format("{}/references/{}-{}.yaml",
                                                                    root, system.name, suite.name);
  // Checked before anything runs: a references file without any of these cases, or one that
  // cannot be written, would otherwise fail only after the whole suite had run and been saved.
  if (b.check) {
    refs = bench::load_references(refs_path);
    bool any = false;
    for (const auto& c : cases) {
      const auto it = refs.cases.find(c.name);
      any |= it != refs.cases.end() && !it->second.empty();
    }
    if (!any) throw Error(refs_path, "has no reference for any case that would run");
  }
  if (!b.save_references.empty()) {
    const auto parent = std::filesystem::path(b.save_references).parent_path();
    const std::string dir = parent.empty() ? "." : parent.string();
    if (!std::filesystem::is_directory(dir) || access(dir.c_str(), W_OK) != 0)
      throw Error("--save-references " + b.save_references,
                  "directory '" + dir + "' does not exist or is not writable");
  }

  make_directories(options.out_parent, comm);
  RunDirectory dir(RunDirectory::timestamped(options.out_parent), comm);
  std::vector<SummaryEntry> entries;
  int total_runs = 0;
  for (const auto& c : cases) total_runs += c.repetitions + c.warmups;
  const bool measure = b.machine.empty() && suite.measure_ceilings;
  Progress progress(comm.is_root() && !options.quiet, total_runs + (measure ? 1 : 0));

  // The node's roofline: measured first, or from a saved ceilings record.
  bench::Roofline roof;
  if (!b.machine.empty()) {
    roof = roofline_from_ceilings(bench::RunRecord::read_json(b.machine).doc(), b.machine);
  } else if (measure) {
    progress.before("ceilings");
    const auto& w = find_workload("ceilings", "karst bench");
    Config config;
    const std::string out = dir.path() + "/ceilings";
    if (comm.is_root()) make_directories(out);
    comm.barrier();
    auto run = w.run(config, RunEnv{comm, out, false});
    progress.after();
    roof = roofline_from_ceilings(run.record.doc(), "ceilings");
    if (comm.is_root()) run.record.write(dir.path(), "ceilings");
    entries.push_back({"ceilings", run});
  }

  std::vector<bench::CheckLine> check_lines;
  bench::References measured_refs;
  measured_refs.system = system.name;
  for (const auto& c : cases) {
    const auto& w = find_workload(c.workload, suite.path);
    const std::string out = dir.path() + "/" + c.name;
    if (comm.is_root()) make_directories(out);
    comm.barrier();
    std::vector<WorkloadRun> runs;
    for (int r = 0; r < c.warmups + c.repetitions; ++r) {
      const bool warm = r < c.warmups;
      progress.before(fmt::format("{}, {} {}/{}", c.name, warm ? "warm-up" : "repetition",
                                  warm ? r + 1 : r - c.warmups + 1,
                                  warm ? c.warmups : c.repetitions));
      // The case's settings, its weak-scaling size, then the command line's --set.
      Config config;
      for (const auto& set : c.sets) config.apply_override(set);
      if (b.work_scale != 1.0) config.apply_override(scaled_size(w, config, b.work_scale));
      for (const auto& set : options.sets) config.apply_override(set);
      // A time limit or preemption (SIGUSR1) ends the suite between runs or inside one; the
      // records finished so far are kept.
      const auto stop = fmt::format("preempted by SIGUSR1 at run {}/{} ({})", progress.done() + 1,
                                    total_runs, c.name);
      if (preemption_requested(comm)) throw keep_preempted_run(dir, Preempted("karst bench", stop));
      std::optional<WorkloadRun> attempt;
      try {
        attempt.emplace(w.run(config, RunEnv{comm, out, false}));
      } catch (const Preempted&) {
        throw keep_preempted_run(dir, Preempted("karst bench", stop));
      }
      auto run = std::move(*attempt);
      progress.after();
      if (!warm) runs.push_back(std::move(run));
    }
    // Spread of every figure over the repetitions; the record kept is the median-time run.
    std::map<std::string, std::vector<double>> values;
    for (const auto& run : runs)
      for (const auto& [name, v] : figures_of(run.record.doc())) values[name].push_back(v);
    std::vector<size_t> order(runs.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t x, size_t y) { return values["time_s"][x] < values["time_s"][y]; });
    WorkloadRun kept = runs[order[order.size() / 2]];
    nlohmann::json spreads = nlohmann::json::object();
    std::map<std::string, double> medians;
    const auto hib = higher_is_better_of(kept.record.doc());
    for (const auto& [name, v] : values) {
      const auto s = bench::spread_of(v);
      spreads[name] = {{"min", s.min}, {"median", s.median}, {"max", s.max}};
      medians[name] = s.median;
      // Saved references hold the figures of merit; totals (which include set-up) are
      // checkable too but only when a references file names them.
      const auto h = hib.find(name);
      if (name != "time_s" && name.rfind("gflops_per_s", 0) != 0 && name != "gbytes_per_s" &&
          name != "pflops_per_s")
        measured_refs.cases[c.name][name] = {s.median, 0.4, h == hib.end() || h->second};
    }
    const auto& doc = kept.record.doc();
    const double nodes = std::max(1.0, doc["system"].value("nodes", 1.0));
    const double node_peak = system.node_peak_gflops(roof.peak_gflops);
    const double gflops = medians["gflops_per_s"];
    nlohmann::json bj = {
        {"suite", suite.name},
        {"suite_file", suite.path},
        {"case", c.name},
        {"system", system.name},
        {"repetitions", c.repetitions},
        {"warmups", c.warmups},
        {"spread", spreads},
        {"roofline", roofline_position(doc, roof)},
        {"participating_nodes", nodes},
        {"participating_peak_gflops_per_s", nodes * node_peak},
        {"participating_peak_basis", system.measured_peak
                                         ? "measured FP64 FMA ceiling"
                                         : "node_peak.fp64_gflops in " + system.path},
        {"fraction_of_participating_peak", node_peak > 0 ? gflops / (nodes * node_peak) : 0.0}};
    if (b.check) {
      const auto lines = bench::check_case(refs, c.name, medians);
      nlohmann::json cj = nlohmann::json::array();
      for (const auto& l : lines)
        cj.push_back({{"figure", l.figure},
                      {"reference", l.reference},
                      {"median", l.measured},
                      {"tolerance", l.tolerance},
                      {"regressed", l.regressed}});
      bj["check"] = {{"references", refs_path}, {"figures", cj}};
      check_lines.insert(check_lines.end(), lines.begin(), lines.end());
    }
    kept.record.set_bench(bj);
    const auto& pos = bj["roofline"]["case"];
    kept.highlights.push_back(
        pos.contains("fraction_of_attainable")
            ? fmt::format("median of {}: {:.3g} s, {:.3g} GFLOP/s at {:.3g} FLOP/byte = {:.1f}% of "
                          "the attainable {:.3g} GFLOP/s ({}-bound)",
                          c.repetitions, medians["time_s"], gflops,
                          pos["intensity_flop_per_byte"].get<double>(),
                          100 * pos["fraction_of_attainable"].get<double>(),
                          pos["attainable_gflops_per_s"].get<double>(),
                          pos["bound"].get<std::string>())
            : fmt::format("median of {}: {:.3g} s, {:.3g} GB/s = {:.1f}% of STREAM triad",
                          c.repetitions, medians["time_s"], medians["gbytes_per_s"],
                          100 * pos["fraction_of_stream_triad"].get<double>()));
    if (comm.is_root()) kept.record.write(dir.path(), c.name);
    entries.push_back({c.name, kept});
  }
  progress.finish();
  dir.commit();
  if (comm.is_root()) {
    std::cout << format_summary(entries, dir.final_path());
    if (!b.save_references.empty()) {
      bench::save_references(measured_refs, b.save_references);
      std::cout << "references: " << b.save_references << "\n";
    }
    if (b.check) std::cout << check_table(check_lines, refs_path);
  }
  bool regressed = false;
  for (const auto& l : check_lines) regressed |= l.regressed;
  if (b.check && check_lines.empty())
    throw Error(refs_path, "has no reference for any case that ran");
  return regressed ? kExitRegression : 0;
}

}  // namespace karst::apps
