#pragma once
//! `karst compare RUN_A RUN_B [...]`: runs from any systems side by side. The tables, matplotlib
//! plots and HTML report are made by bench/compare/karst_compare.py; this command finds a Python
//! that can run it and hands over, so `karst` stays the one front door.

#include "base/mpi/comm.hpp"

#include <string>
#include <vector>

namespace karst::cli {

struct CompareOptions {
  std::vector<std::string> runs;  //!< run directories or record files; the first is the baseline
  std::string out;                //!< --out; empty: compare/<UTC timestamp>/ under the cwd
  bool quiet = false;             //!< --quiet: no table on the terminal
};

//! Runs the comparison on rank 0 and returns the script's exit code (0, 1 bad input, 2 usage).
//! Every record is first checked against the schema (bench::validate_record): a bad one throws
//! karst::Error naming the file. Throws too when no Python 3 with matplotlib can be found: the
//! message names the Debian package to install. KARST_PYTHON picks the interpreter; otherwise
//! python3 on PATH, then /usr/bin/python3 (Debian's python3-matplotlib serves only the system
//! interpreter).
int compare_command(const CompareOptions& options, const mpi::Comm& comm);

}  // namespace karst::cli
