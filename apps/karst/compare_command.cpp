#include "apps/karst/compare_command.hpp"

#include "apps/common/python_script.hpp"

namespace karst::cli {

namespace {

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
  if (comm.is_root()) rc = std::to_string(run_script(options));
  return std::stoi(comm.broadcast(rc));
}

}  // namespace karst::cli
