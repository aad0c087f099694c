#pragma once
//! The node's physical memory, for readers that take an array's size from the file: an HDF5
//! dataset that is chunked and never written can declare any shape in a few kilobytes, and one
//! that cannot fit in the whole node is refused before anything is allocated (an allocation of
//! that size fails, or under AddressSanitizer aborts the process).

#include <unistd.h>

namespace karst::io {

//! Bytes of RAM on this node; 0 when unknown (then no limit applies).
inline double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? double(pages) * double(page) : 0.0;
}

}  // namespace karst::io
