#pragma once
//! The one exception type of Karst. Its message starts with where the problem is (a file, a key,
//! a line, a rank) so the CLI edge can print it as a single line and exit non-zero.

#include <stdexcept>
#include <string>

namespace karst {

class Error : public std::runtime_error {
 public:
  Error(const std::string& where, const std::string& what)
      : std::runtime_error(where + ": " + what), where_(where) {}
  const std::string& where() const noexcept { return where_; }

 private:
  std::string where_;
};

//! A command line that cannot be understood: exit code 2 rather than 1.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace karst
