// check_record RECORD.json RANKS: validates a run record written by the CLI.
// check_record --same-results A.json B.json: both valid, and their `results` objects identical
// (every number to the last bit, as JSON writes doubles round-trip exactly).
#include "base/error.hpp"
#include "bench/run_record.hpp"

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3 && !(argc == 4 && std::string(argv[1]) == "--same-results")) {
    std::cerr << "usage: check_record RECORD.json RANKS | --same-results A.json B.json\n";
    return 2;
  }
  try {
    if (argc == 4) {
      const auto a = karst::bench::RunRecord::read_json(argv[2]);
      const auto b = karst::bench::RunRecord::read_json(argv[3]);
      if (a.doc()["results"] != b.doc()["results"]) {
        std::cerr << "results differ:\n"
                  << a.doc()["results"].dump(1) << "\n"
                  << b.doc()["results"].dump(1) << "\n";
        return 1;
      }
      std::cout << "results identical\n";
      return 0;
    }
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
