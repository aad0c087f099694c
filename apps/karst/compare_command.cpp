#include "apps/karst/compare_command.hpp"

#include "apps/common/python_script.hpp"
#include "bench/run_record.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace karst::cli {

namespace {

namespace fs = std::filesystem;

// The record schema has one authority, bench/run_record_schema.cpp: every record the script
// will read (a RUN that is a file; each top-level *.json file of a RUN directory, as
// compare_records.load_run lists them) is checked with it here, and a bad one is refused with its
// message. A RUN that does not exist or cannot be listed is left to the script, which names it.
void check_records(const std::vector<std::string>& runs) {
  for (const auto& run : runs) {
    std::error_code ec;
    if (!fs::is_directory(run, ec)) {
      if (fs::exists(run, ec)) bench::RunRecord::read_json(run);
      continue;
    }
    std::vector<std::string> files;
    for (fs::directory_iterator it(run, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      const bool json = name.size() >= 5 && name.compare(name.size() - 5, 5, ".json") == 0;
      std::error_code not_a_file;  // a dangling link: skipped, as the script skips it
      if (json && fs::is_regular_file(it->path(), not_a_file)) files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) bench::RunRecord::read_json(file);
  }
}

int run_script(const CompareOptions& options) {
  std::vector<std::string> args;
  if (!options.out.empty()) args.insert(args.end(), {"--out", options.out});
  if (options.quiet) args.emplace_back("--quiet");
  args.emplace_back("--");
  args.insert(args.end(), options.runs.begin(), options.runs.end());
  return apps::run_python_script("compare", "bench/compare/karst_compare.py", args,
                                 {{"matplotlib", "python3-matplotlib"}});
}

}  // namespace

int compare_command(const CompareOptions& options, const mpi::Comm& comm) {
  // Under mpiexec only rank 0 compares; every rank returns its exit code.
  std::string rc;
  if (comm.is_root()) {
    check_records(options.runs);
    rc = std::to_string(run_script(options));
  }
  return std::stoi(comm.broadcast(rc));
}

}  // namespace karst::cli
