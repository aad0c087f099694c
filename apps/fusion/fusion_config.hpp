#pragma once
//! `fusion.*` configuration keys -> a FusionJob (docs/user-guide.md lists them). The built-in
//! scenario generates its inputs first; a `files` run names them.

#include "apps/common/config.hpp"
#include "apps/fusion/fusion_job.hpp"
#include "apps/fusion/scenario_fields.hpp"

#include <string>

namespace karst::fusion_app {

struct FusionSettings {
  std::string scenario;   //!< "guizhou-fields" or "files"
  FieldsSettings fields;  //!< for guizhou-fields
  FusionJob job;          //!< inputs empty for guizhou-fields until generated
};

FusionSettings read_fusion_settings(const apps::Config& c);

//! The method settings of `c` applied to a generated job (the scenario fixes only the inputs).
void apply_method_settings(const apps::Config& c, FusionJob& job);

//! "2026-07-09" or a plain day number -> days since 1970-01-01. Throws naming `key`.
long long parse_day(const std::string& text, const std::string& key);

}  // namespace karst::fusion_app
