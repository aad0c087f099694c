// check_record RECORD.json RANKS: validates a run record written by the CLI.
#include "bench/run_record.hpp"
#include "kernels/common/error.hpp"

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  try {
    const auto record = karst::bench::RunRecord::read_json(argv[1]);
    const int ranks = record.doc()["system"]["mpi"]["ranks"].get<int>();
    if (ranks != std::stoi(argv[2])) {
      std::cerr << "ranks " << ranks << " != " << argv[2] << "\n";
      return 1;
    }
    if (record.doc()["figures_of_merit"].empty() || record.doc()["kernels"].empty()) {
      std::cerr << "record has no figures of merit or kernels\n";
      return 1;
    }
    std::cout << "record ok: ranks=" << ranks << "\n";
    return 0;
  } catch (const karst::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
