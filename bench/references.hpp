#pragma once
//! Reference values with tolerances per system and case (bench/references/<system>.yaml), as
//! ReFrame keeps them: in files, not in code. `karst bench --check` compares each case's median
//! figure of merit with its reference and fails on a regression beyond the tolerance.

#include "bench/suite.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace karst::bench {

struct Reference {
  double value = 0.0;
  double tolerance = 0.4;  //!< fraction: a regression is worse than value x (1 -/+ tolerance)
  bool higher_is_better = true;
};

struct References {
  std::string system, path;
  //! case name -> figure name -> reference
  std::map<std::string, std::map<std::string, Reference>> cases;
};

References load_references(const std::string& path);
void save_references(const References& refs, const std::string& path);

//! Whether `refs` holds a reference for at least one of `cases`: --check against a file that
//! has none would check nothing.
bool has_reference_for_any(const References& refs, const std::vector<BenchCase>& cases);

//! A case's references from its medians, as --save-references writes them: every figure of merit
//! (not the totals), tolerance 0.4, higher-is-better as the record says (true when it does not).
std::map<std::string, Reference> references_from_medians(
    const std::map<std::string, double>& medians,
    const std::map<std::string, bool>& higher_is_better);

struct CheckLine {
  std::string case_name, figure;
  double reference = 0.0, measured = 0.0, ratio = 0.0;  //!< ratio: measured / reference
  double tolerance = 0.0;
  bool higher_is_better = true;
  bool missing = false;  //!< the run produced no such figure
  bool regressed = false;
};

//! One line per reference of the given case; `measured` maps figure names to median values.
std::vector<CheckLine> check_case(const References& refs, const std::string& case_name,
                                  const std::map<std::string, double>& measured);

//! A case's check as its record keeps it (`bench.check`): the references file and each figure.
nlohmann::json check_section(const std::vector<CheckLine>& lines, const std::string& refs_path);

//! The table `karst bench --check` prints: one row per figure checked, with its verdict.
std::string check_table(const std::vector<CheckLine>& lines, const std::string& refs_path);

}  // namespace karst::bench
