#include "apps/karst/kokkos_session.hpp"

#include <cctype>
#include <cstring>

namespace karst::cli {

namespace {

// An argument Kokkos does not know: it passes through Kokkos::initialize untouched.
char kStandIn[] = "--karst-help-hidden-from-kokkos";

// Kokkos' own test for "--help": the name, then the end or anything that cannot continue a
// name (so "--help=x" counts, "--help-all" does not).
bool kokkos_reads_as_help(const char* arg) {
  constexpr char kHelp[] = "--help";
  constexpr std::size_t n = sizeof(kHelp) - 1;
  if (std::strncmp(arg, kHelp, n) != 0) return false;
  const char next = arg[n];
  return !(std::isalnum(static_cast<unsigned char>(next)) || next == '-' || next == '_');
}

}  // namespace

HelpHiddenFromKokkos::HelpHiddenFromKokkos(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (!kokkos_reads_as_help(argv[i])) continue;
    hidden_.push_back(argv[i]);
    argv[i] = kStandIn;
  }
}

void HelpHiddenFromKokkos::restore(int argc, char** argv) const {
  // Kokkos only removes arguments, so the stand-ins keep their order.
  std::size_t next = 0;
  for (int i = 1; i < argc && next < hidden_.size(); ++i)
    if (argv[i] == kStandIn) argv[i] = hidden_[next++];
}

}  // namespace karst::cli
