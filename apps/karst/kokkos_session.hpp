#pragma once
//! Kokkos' lifetime for the CLI, with Kokkos' own option help kept out of `karst --help`.

#include <Kokkos_Core.hpp>

#include <vector>

namespace karst::cli {

//! Hides `--help` from Kokkos while it reads the command line. Kokkos::initialize prints about
//! 40 lines of its own options whenever it sees `--help` (3.4 and 4.x alike) and leaves the
//! argument for the application; Karst's help is CLI11's. `--kokkos-help` still reaches Kokkos,
//! which prints its options and takes the argument out (`karst info --kokkos-help`).
class HelpHiddenFromKokkos {
 public:
  HelpHiddenFromKokkos(int argc, char** argv);
  //! Puts `--help` back where Kokkos, having taken out its --kokkos-* arguments, left its stand-in.
  void restore(int argc, char** argv) const;

 private:
  std::vector<char*> hidden_;  //!< the arguments Kokkos would take for --help, in order
};

//! Initialises Kokkos for the process (its --kokkos-* arguments leave argc/argv) and finalises it
//! on destruction.
class KokkosSession {
 public:
  KokkosSession(int& argc, char** argv) : hidden_(argc, argv), guard_(argc, argv) {
    hidden_.restore(argc, argv);
  }

 private:
  HelpHiddenFromKokkos hidden_;  // declared before guard_: it hides --help before Kokkos starts
  Kokkos::ScopeGuard guard_;
};

}  // namespace karst::cli
