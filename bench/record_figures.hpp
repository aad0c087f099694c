#pragma once
//! The figures of a run record that `karst bench` summarises over repetitions and checks against
//! references: the workload's figures of merit and the record's totals, by name.

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace karst::bench {

//! Every figure a reference may name: the figures of merit and the totals (time_s, gflops_per_s,
//! gbytes_per_s, pflops_per_s).
std::map<std::string, double> figures_of(const nlohmann::json& record);

//! Whether more is better, for the same names: totals' rates yes, time no; figures of merit say.
std::map<std::string, bool> higher_is_better_of(const nlohmann::json& record);

//! The totals among figures_of's names (and any figure whose name starts with gflops_per_s):
//! checkable, but never saved as references, unlike the figures of merit: they include set-up.
bool is_total(const std::string& figure);

}  // namespace karst::bench
