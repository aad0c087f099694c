// libFuzzer target: run records read back as JSON (karst compare, bench --check),
// bench::parse_record: the JSON parse and the schema check.
#include "bench/run_record_schema.hpp"
#include "parser_contract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  karst::fuzz::expect_result_or_karst_error([&] {
    const auto doc = karst::bench::parse_record(karst::fuzz::as_text(data, size), "fuzz.json");
    karst::fuzz::require(karst::bench::validate_record(doc).empty(),
                         "an accepted record fails its own schema check");
    karst::fuzz::require(doc.at("schema") == karst::bench::kRecordSchema &&
                             doc.at("schema_version") == karst::bench::kRecordSchemaVersion,
                         "an accepted record is not karst.run version 1");
    // What the readers of a record do with it next.
    (void)doc.at("run_id").get<std::string>();
    (void)doc.at("totals").at("time_s").get<double>();
    for (const auto& f : doc.at("figures_of_merit")) (void)f.at("value").get<double>();
  });
  return 0;
}
