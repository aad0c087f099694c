// Spack cannot run on the CI machine, so the Spack files are checked here: both environments
// parse, register a repository that holds the Karst recipe, ask for the right Kokkos backends,
// and every variant the environments use, and every CMake option the recipe sets, exists.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include "support/source_dir.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = karst::test::source_dir();

std::string text_of(const fs::path& p) {
  std::ifstream in(p);
  EXPECT_TRUE(in.good()) << p;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> matches(const std::string& text, const std::string& pattern) {
  std::set<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    out.insert((*it)[1].str());
  return out;
}

// CMake options anywhere in the build: option(NAME ...).
std::set<std::string> cmake_options() {
  std::set<std::string> all;
  for (auto it = fs::recursive_directory_iterator(kRoot); it != fs::recursive_directory_iterator();
       ++it) {
    const auto name = it->path().filename().string();
    if (it->is_directory() && (name == "build" || name[0] == '.')) {
      it.disable_recursion_pending();  // build trees and .git hold no project options
      continue;
    }
    if (name != "CMakeLists.txt") continue;
    for (const auto& o : matches(text_of(it->path()), R"re(option\((KARST_[A-Z0-9_]+))re"))
      all.insert(o);
  }
  return all;
}

std::string specs_of(const fs::path& env_file, fs::path& repo_dir) {
  const YAML::Node env = YAML::LoadFile(env_file.string());
  EXPECT_TRUE(env["spack"]) << env_file;
  const YAML::Node repos = env["spack"]["repos"];
  EXPECT_TRUE(repos && repos.IsSequence() && repos.size() == 1) << env_file;
  repo_dir = (env_file.parent_path() / repos[0].as<std::string>()).lexically_normal();
  std::string all;
  for (const auto& s : env["spack"]["specs"]) all += s.as<std::string>() + "\n";
  return all;
}

}  // namespace

TEST(SpackFiles, EnvironmentsRegisterTheRecipeAndAskForTheRightKokkos) {
  fs::path cpu_repo, gpu_repo;
  const auto cpu = specs_of(kRoot / "spack.yaml", cpu_repo);
  const auto gpu = specs_of(kRoot / "spack/gpu/spack.yaml", gpu_repo);
  EXPECT_EQ(fs::canonical(cpu_repo), fs::canonical(gpu_repo));
  EXPECT_TRUE(fs::exists(cpu_repo / "repo.yaml"));
  EXPECT_EQ(
      YAML::LoadFile((cpu_repo / "repo.yaml").string())["repo"]["namespace"].as<std::string>(),
      "karst");
  EXPECT_TRUE(fs::exists(cpu_repo / "packages/karst/package.py"));

  for (const char* dep : {"openmpi", "hdf5 +mpi", "googletest", "cmake"}) {
    EXPECT_NE(cpu.find(dep), std::string::npos) << dep;
    EXPECT_NE(gpu.find(dep), std::string::npos) << dep;
  }
  EXPECT_TRUE(
      std::regex_search(cpu, std::regex(R"re(^kokkos\S* \+openmp)re", std::regex::multiline)));
  EXPECT_TRUE(std::regex_search(cpu, std::regex(R"re(^karst \+openmp)re", std::regex::multiline)));
  EXPECT_TRUE(std::regex_search(
      gpu,
      std::regex(R"re(^kokkos\S* .*\+cuda .*\+wrapper .*cuda_arch=90)re", std::regex::multiline)));
  EXPECT_TRUE(std::regex_search(
      gpu, std::regex(R"re(^karst \+cuda .*cuda_arch=90)re", std::regex::multiline)));
}

TEST(SpackFiles, RecipeVariantsMatchTheCMakeOptions) {
  const auto recipe = text_of(kRoot / "spack/repo/packages/karst/package.py");
  auto variants = matches(recipe, R"re(variant\(\s*"([a-z_]+)")re");
  // CudaPackage brings the cuda variant and cuda_arch.
  if (recipe.find("CudaPackage") != std::string::npos) variants.insert("cuda");
  EXPECT_EQ(variants, (std::set<std::string>{"cuda", "gdal", "netcdf", "openmp", "osm"}));

  // Every option the recipe sets exists in CMake, and the feature options are all covered.
  const auto options = cmake_options();
  const auto used = matches(recipe, R"re(define(?:_from_variant)?\(\s*"(KARST_[A-Z0-9_]+)")re");
  for (const auto& o : used) EXPECT_TRUE(options.count(o)) << o << " is not a CMake option";
  for (const char* o : {"KARST_ENABLE_CUDA", "KARST_ENABLE_GDAL", "KARST_ENABLE_NETCDF",
                        "KARST_ENABLE_OSM", "KARST_ARCH_NATIVE"})
    EXPECT_TRUE(used.count(o)) << "the recipe does not set " << o;
  EXPECT_TRUE(recipe.find(R"re(define_from_variant("KARST_ENABLE_CUDA", "cuda"))re") !=
              std::string::npos);
  EXPECT_TRUE(recipe.find(R"re(define_from_variant("KARST_ENABLE_GDAL", "gdal"))re") !=
              std::string::npos);
  EXPECT_TRUE(recipe.find(R"re(define_from_variant("KARST_ENABLE_NETCDF", "netcdf"))re") !=
              std::string::npos);

  // The variants the environments ask for are the recipe's.
  for (const fs::path& env : {kRoot / "spack.yaml", kRoot / "spack/gpu/spack.yaml"}) {
    fs::path repo;
    const auto specs = specs_of(env, repo);
    std::smatch karst_line;
    ASSERT_TRUE(std::regex_search(specs, karst_line,
                                  std::regex(R"re(^karst (.*)$)re", std::regex::multiline)));
    for (const auto& v : matches(karst_line[1].str(), R"re([+~]([a-z_]+))re"))
      EXPECT_TRUE(variants.count(v)) << env << " asks for karst variant " << v;
  }
}

// Found by the first real `spack install` (Spack 1.1): without a develop: section Spack fetches
// version "main" from git, which an offline centre cannot; without c/cxx dependencies Spack 1.x
// gives the build no compiler; kokkos_cxx is a property of Kokkos' package, not of its spec.
TEST(SpackFiles, EnvironmentsBuildThisCheckoutWithACompiler) {
  for (const fs::path& env_file : {kRoot / "spack.yaml", kRoot / "spack/gpu/spack.yaml"}) {
    const YAML::Node karst = YAML::LoadFile(env_file.string())["spack"]["develop"]["karst"];
    ASSERT_TRUE(karst) << env_file << " has no develop: karst:";
    EXPECT_EQ(karst["spec"].as<std::string>(), "karst@=main") << env_file;
    const auto path = env_file.parent_path() / karst["path"].as<std::string>();
    EXPECT_EQ(fs::canonical(path), fs::canonical(kRoot)) << env_file;
  }
  const auto recipe = text_of(kRoot / "spack/repo/packages/karst/package.py");
  EXPECT_NE(recipe.find(R"(depends_on("c", type="build"))"), std::string::npos);
  EXPECT_NE(recipe.find(R"(depends_on("cxx", type="build"))"), std::string::npos);
  EXPECT_NE(recipe.find(R"(self["kokkos"].kokkos_cxx)"), std::string::npos);
  EXPECT_EQ(recipe.find(R"(spec["kokkos"].kokkos_cxx)"), std::string::npos);
  // --test=root runs the suite but not the tests that would start Spack again.
  EXPECT_TRUE(std::regex_search(recipe, std::regex(R"re(ctest\(.*"-LE", "spack\|slurm")re")));
}
