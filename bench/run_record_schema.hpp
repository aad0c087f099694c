#pragma once
//! Reading a run record back: JSON text to a document that passed the schema check of
//! docs/results-schema.md. Kept apart from RunRecord (which writes HDF5 under MPI) so that the
//! check needs neither: the fuzz target in tests/fuzz/ feeds it any text.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace karst::bench {

inline constexpr const char* kRecordSchema = "karst.run";
inline constexpr int kRecordSchemaVersion = 1;

//! Every schema violation found in `doc`, as "path: problem"; empty when valid.
std::vector<std::string> validate_record(const nlohmann::json& doc);
//! Throws karst::Error naming `source` and listing every problem unless `doc` is valid.
void require_valid_record(const nlohmann::json& doc, const std::string& source);
//! Parses `text` as JSON and requires a valid record; errors name `source`.
nlohmann::json parse_record(const std::string& text, const std::string& source);

}  // namespace karst::bench
