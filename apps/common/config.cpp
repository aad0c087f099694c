#include "apps/common/config.hpp"

#include "base/atomic_file.hpp"
#include "base/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <sstream>

namespace karst::apps {

namespace {

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  std::stringstream ss(key);
  for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
  return parts;
}

void collect_leaves(const YAML::Node& node, const std::string& prefix,
                    std::vector<std::string>& out) {
  if (node.IsMap()) {
    for (const auto& kv : node)
      collect_leaves(
          kv.second,
          prefix.empty() ? kv.first.as<std::string>() : prefix + "." + kv.first.as<std::string>(),
          out);
  } else {
    out.push_back(prefix);
  }
}

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF), which is what JSON, and so the run record, can hold.
bool is_utf8(const std::string& s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // beyond U+10FFFF
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
    }
    i += len;
  }
  return true;
}

std::string at_mark(const std::string& origin, const YAML::Mark& mark) {
  if (mark.line < 0) return origin;
  return fmt::format("{}:{}:{}", origin, mark.line + 1, mark.column + 1);
}

// A configuration tree may grow this large once aliases are expanded, and nest this deep; far
// beyond any real file, and small enough that walking it stays instant and within the stack.
constexpr size_t kMaxNodes = 100000;
constexpr int kMaxDepth = 64;

// What every loaded tree (a file, or the value of --set) must be before a getter walks it: keys
// that are plain names (sections() and reject_unknown() print them), text that is UTF-8 (the
// effective configuration goes into the JSON run record), a size that a few nested aliases
// ("billion laughs") cannot blow up, and a depth that an alias inside its own anchor ("a: &a
// {b: *a}", a cycle to yaml-cpp) cannot make infinite. `budget` counts down the nodes allowed.
void check_tree(const YAML::Node& node, const std::string& origin, size_t& budget, int depth = 0) {
  if (budget == 0)
    throw Error(at_mark(origin, node.Mark()),
                fmt::format("more than {} values once aliases are expanded", kMaxNodes));
  if (depth > kMaxDepth)
    throw Error(at_mark(origin, node.Mark()),
                fmt::format("nested more than {} levels deep (is an alias inside its own anchor?)",
                            kMaxDepth));
  --budget;
  if (node.IsScalar() && !is_utf8(node.Scalar()))
    throw Error(at_mark(origin, node.Mark()), "text is not valid UTF-8");
  if (node.IsSequence()) {
    for (const auto& item : node) check_tree(item, origin, budget, depth + 1);
  } else if (node.IsMap()) {
    for (const auto& kv : node) {
      if (!kv.first.IsScalar())
        throw Error(at_mark(origin, kv.first.Mark()),
                    "a key must be a plain name, not a list, a mapping or null");
      check_tree(kv.first, origin, budget, depth + 1);
      check_tree(kv.second, origin, budget, depth + 1);
    }
  }
}

}  // namespace

Config Config::from_text(const std::string& text, const std::string& origin) {
  Config c;
  c.origin_ = origin;
  try {
    YAML::Node root = YAML::Load(text);
    if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
    if (!root.IsMap()) throw Error(origin, "the top level must be a mapping of keys to values");
    size_t budget = kMaxNodes;
    check_tree(root, origin, budget);
    c.root_ = root;
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("{}:{}:{}", origin, e.mark.line + 1, e.mark.column + 1),
                "YAML syntax error: " + e.msg);
  }
  return c;
}

Config Config::from_file(const std::string& path) {
  Config c = from_text(io::read_text(path), path);
  c.set_file_dir(std::filesystem::path(path).parent_path().string());
  return c;
}

void Config::apply_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw UsageError("--set " + assignment, "expected key=value, e.g. --set flood.cfl=0.4");
  if (!is_utf8(assignment)) throw UsageError("--set " + assignment, "text is not valid UTF-8");
  const auto parts = split_key(assignment.substr(0, eq));
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    throw UsageError("--set " + assignment, "value is not valid YAML: " + e.msg);
  }
  size_t budget = kMaxNodes;
  check_tree(value, "--set " + assignment, budget);
  // yaml-cpp nodes are references into the tree; reset() rebinds a handle without writing.
  YAML::Node node;
  node.reset(root_);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!node[parts[i]].IsMap()) node[parts[i]] = YAML::Node(YAML::NodeType::Map);
    YAML::Node next = node[parts[i]];
    node.reset(next);
  }
  node[parts.back()] = value;
  overridden_.insert(assignment.substr(0, eq));
  if (origin_ == "defaults") origin_ = "command line";
}

std::optional<YAML::Node> Config::find(const std::string& key) const {
  // Node::operator= would overwrite the tree through the reference; reset() rebinds instead.
  YAML::Node node;
  node.reset(root_);
  for (const auto& part : split_key(key)) {
    if (!node.IsMap()) return std::nullopt;
    const YAML::Node& const_node = node;  // the const operator[] never inserts
    YAML::Node next = const_node[part];
    if (!next.IsDefined()) return std::nullopt;
    node.reset(next);
  }
  return node;
}

bool Config::has(const std::string& key) const {
  return find(key).has_value();
}

std::string Config::where(const std::string& key) const {
  return fmt::format("{}: key '{}'", origin_, key);
}

std::string Config::where(const std::string& key, const YAML::Node& node) const {
  if (overridden_.count(key)) return fmt::format("--set {}", key);
  const auto mark = node.Mark();
  if (mark.line >= 0) return fmt::format("{}:{}: key '{}'", origin_, mark.line + 1, key);
  return where(key);
}

void Config::remember(const std::string& key, const nlohmann::json& value) const {
  read_.insert(key);
  nlohmann::json* slot = &effective_;
  for (const auto& part : split_key(key)) slot = &(*slot)[part];
  *slot = value;
}

template <class T>
T Config::read_scalar(const std::string& key, T fallback, const char* expected) const {
  const auto found = find(key);
  if (!found || found->IsNull()) {
    remember(key, fallback);
    return fallback;
  }
  const YAML::Node& node = *found;
  if (!node.IsScalar())
    throw Error(where(key, node), fmt::format("expected {}, got a list or mapping", expected));
  T value;
  if (!YAML::convert<T>::decode(node, value))
    throw Error(where(key, node), fmt::format("expected {}, got '{}'", expected, node.Scalar()));
  remember(key, value);
  return value;
}

double Config::get_double(const std::string& key, double fallback) const {
  const double v = read_scalar<double>(key, fallback, "a number");
  if (!std::isfinite(v))
    throw Error(where(key, find(key).value_or(YAML::Node())), "must be a finite number");
  return v;
}

double Config::get_double_in(const std::string& key, double fallback, double lo, double hi) const {
  const double v = get_double(key, fallback);
  if (v < lo || v > hi)
    throw Error(where(key, find(key).value_or(YAML::Node())),
                fmt::format("{} is outside the valid range [{}, {}]", v, lo, hi));
  return v;
}

long long Config::get_int(const std::string& key, long long fallback) const {
  return read_scalar<long long>(key, fallback, "an integer");
}

long long Config::get_int_in(const std::string& key, long long fallback, long long lo,
                             long long hi) const {
  const long long v = get_int(key, fallback);
  if (v < lo || v > hi)
    throw Error(where(key, find(key).value_or(YAML::Node())),
                fmt::format("{} is outside the valid range [{}, {}]", v, lo, hi));
  return v;
}

bool Config::get_bool(const std::string& key, bool fallback) const {
  return read_scalar<bool>(key, fallback, "true or false");
}

std::string Config::get_string(const std::string& key, const std::string& fallback) const {
  return read_scalar<std::string>(key, fallback, "a string");
}

bool Config::from_command_line(const std::string& key) const {
  // A key counts as given with --set when it, or a section above it, was.
  for (std::string k = key;; k = k.substr(0, k.rfind('.'))) {
    if (overridden_.count(k)) return true;
    if (k.find('.') == std::string::npos) return false;
  }
}

namespace {

// An image may be named "file.h5:dataset"; the file is what must exist.
bool names_existing_file(const std::filesystem::path& p) {
  if (std::filesystem::exists(p)) return true;
  const auto s = p.string();
  const auto colon = s.rfind(':');
  return colon != std::string::npos && colon > 0 && std::filesystem::exists(s.substr(0, colon));
}

}  // namespace

std::string Config::resolve_path(const std::string& key, const std::string& value,
                                 const std::string& label, bool input) const {
  namespace fs = std::filesystem;
  if (value.empty() || fs::path(value).is_absolute()) return value;
  const bool from_file = !from_command_line(key) && !file_dir_.empty();
  const std::string resolved = from_file ? (fs::path(file_dir_) / value).string() : value;
  if (input && !names_existing_file(resolved)) {
    const std::string base =
        from_file
            ? fmt::format("relative to the folder of {}, {}", origin_, file_dir_)
            : fmt::format("relative to the current directory {}{}", fs::current_path().string(),
                          from_command_line(key) ? " (given with --set)" : "");
    throw Error(resolved,
                fmt::format("file does not exist (key '{}' = '{}', {})", label, value, base));
  }
  return resolved;
}

std::string Config::get_path(const std::string& key, const std::string& fallback,
                             bool input) const {
  return resolve_path(key, get_string(key, fallback), key, input);
}

std::string Config::get_choice(const std::string& key, const std::string& fallback,
                               const std::vector<std::string>& choices) const {
  const auto v = get_string(key, fallback);
  for (const auto& c : choices)
    if (v == c) return v;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  throw Error(where(key, find(key).value_or(YAML::Node())),
              fmt::format("'{}' is not one of: {}", v, list));
}

YAML::Node Config::get_node(const std::string& key) const {
  const auto found = find(key);
  if (!found) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node& node = *found;
  {
    std::vector<std::string> leaves;
    collect_leaves(node, key, leaves);
    for (const auto& leaf : leaves) read_.insert(leaf);
    read_.insert(key);
    YAML::Emitter out;
    out << YAML::Flow << node;
    remember(key, std::string(out.c_str()));
  }
  return node;
}

std::vector<std::string> Config::sections() const {
  std::vector<std::string> out;
  for (const auto& kv : root_) out.push_back(kv.first.as<std::string>());
  return out;
}

void Config::reject_unknown(const std::string& prefix) const {
  std::vector<std::string> leaves, unknown;
  collect_leaves(root_, "", leaves);
  for (const auto& leaf : leaves) {
    if (leaf.empty() || (!prefix.empty() && leaf.rfind(prefix, 0) != 0)) continue;
    bool known = read_.count(leaf) > 0;
    // A leaf under a subtree read whole with get_node() counts as read.
    for (const auto& r : read_)
      if (leaf.rfind(r + ".", 0) == 0) known = true;
    if (!known) unknown.push_back(leaf);
  }
  if (unknown.empty()) return;
  const bool from_set = overridden_.count(unknown.front()) > 0;
  std::string list;
  for (const auto& u : unknown) list += (list.empty() ? "'" : ", '") + u + "'";
  throw Error(from_set ? "--set " + unknown.front() : origin_,
              "unknown configuration key" + std::string(unknown.size() > 1 ? "s " : " ") + list +
                  " (see --help for the valid keys)");
}

}  // namespace karst::apps
