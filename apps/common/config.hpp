#pragma once
//! A workload's configuration: a YAML file, then `--set key=value` overrides from the command
//! line. Keys are dotted paths ("flood.cfl"). Every read is remembered, so the run record holds
//! the effective configuration (defaults included) and keys nobody read are reported as unknown:
//! a typo in a config file is an error, not a silently ignored setting.

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace karst::apps {

class Config {
 public:
  //! An empty configuration: every key takes its default.
  Config() = default;
  //! Parses YAML text; `origin` (a file name) prefixes every error.
  static Config from_text(const std::string& text, const std::string& origin);
  static Config from_file(const std::string& path);

  //! "a.b=value"; the value is parsed as a YAML scalar, so numbers stay numbers.
  void apply_override(const std::string& assignment);

  bool has(const std::string& key) const;
  double get_double(const std::string& key, double fallback) const;
  //! As get_double, and the value must lie in [lo, hi].
  double get_double_in(const std::string& key, double fallback, double lo, double hi) const;
  long long get_int(const std::string& key, long long fallback) const;
  long long get_int_in(const std::string& key, long long fallback, long long lo,
                       long long hi) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  //! A file-valued key. A relative path in a config file is resolved from that file's folder; one
  //! given with --set (or inside a value given with --set) from the current directory; absolute
  //! paths are kept. An input that does not exist is an error naming the resolved path and the
  //! folder it was resolved from. `input` false: an output path (resolved, not checked).
  std::string get_path(const std::string& key, const std::string& fallback = "",
                       bool input = true) const;
  //! As get_path, for a path held inside a structured entry (`key` is the entry read with
  //! get_node, e.g. "fusion.pairs"); `label` names it in errors ("fusion.pairs[0].fine").
  std::string resolve_path(const std::string& key, const std::string& value,
                           const std::string& label, bool input = true) const;
  //! The folder relative paths of the config file resolve from ("" for no file).
  void set_file_dir(const std::string& dir) { file_dir_ = dir; }
  std::string get_choice(const std::string& key, const std::string& fallback,
                         const std::vector<std::string>& choices) const;
  //! The raw node for structured entries (lists of gauges, tables); marks the subtree as read.
  YAML::Node get_node(const std::string& key) const;

  //! The top-level keys (one section per workload).
  std::vector<std::string> sections() const;
  //! Throws naming every key under `prefix` (or all) that was given but never read.
  void reject_unknown(const std::string& prefix = "") const;
  //! The effective values: every key that was read, with its value or default.
  nlohmann::json effective() const { return effective_; }
  const std::string& origin() const { return origin_; }

 private:
  std::optional<YAML::Node> find(const std::string& key) const;
  std::string where(const std::string& key) const;
  std::string where(const std::string& key, const YAML::Node& node) const;
  template <class T>
  T read_scalar(const std::string& key, T fallback, const char* expected) const;
  void remember(const std::string& key, const nlohmann::json& value) const;
  bool from_command_line(const std::string& key) const;

  YAML::Node root_ = YAML::Node(YAML::NodeType::Map);
  std::string origin_ = "defaults";
  std::string file_dir_;              // the config file's folder, for its relative paths
  std::set<std::string> overridden_;  // keys given with --set, for error locations
  mutable std::set<std::string> read_;
  mutable nlohmann::json effective_ = nlohmann::json::object();
};

}  // namespace karst::apps
