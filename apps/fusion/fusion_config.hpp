#pragma once
//! `fusion.*` configuration keys -> a FusionConfig (docs/user-guide.md lists them). The built-in
//! scenario generates its inputs first; a `files` run names them.

#include "apps/common/config.hpp"
#include "apps/fusion/fusion_job.hpp"
#include "apps/fusion/scenario_fields.hpp"

#include <string>

namespace karst::fusion {

struct FusionConfig {
  std::string scenario;   //!< "guizhou-fields" or "files"
  FieldsSettings fields;  //!< for guizhou-fields
  FusionJob job;          //!< inputs empty for guizhou-fields until generated
};

//! The whole `fusion` section; throws naming the key on a bad value or on a key it does not know.
FusionConfig parse_fusion_config(const apps::Config& config);

//! "2026-07-09" or a plain day number -> days since 1970-01-01. Throws naming `key`.
long long parse_day(const std::string& text, const std::string& key);

}  // namespace karst::fusion
