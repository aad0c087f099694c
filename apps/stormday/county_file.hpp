#pragma once
//! The county as a file (`county.h5`, schema in docs/stormday.md), so each stage can run on a
//! county someone else made: a real road graph and villages instead of the built-in ones. Road
//! geometry and weights are datasets; the small tables (villages, farms, markets) are a JSON group.

#include "apps/stormday/county.hpp"

#include <string>

namespace karst::stormday {

//! Not collective: call on one rank. Written atomically (`<path>.tmp`, renamed when complete).
void write_county(const County& county, const std::string& path);

//! Not collective. Validates what it reads; errors name the file and the dataset or field.
County read_county(const std::string& path);

}  // namespace karst::stormday
