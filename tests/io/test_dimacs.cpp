// DIMACS readers: valid files parse; every malformed line is an error naming file and line.
#include "base/error.hpp"
#include "io/graph/dimacs.hpp"
#include "support/temp_dir.hpp"

#include "support/error_of.hpp"
#include "support/fuzz_corpus.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include "support/source_dir.hpp"

using namespace karst;
using karst::test::error_of;

namespace {
std::string write(const test::TempDir& d, const std::string& name, const std::string& text) {
  std::ofstream(d / name) << text;
  return d / name;
}
}  // namespace

TEST(Dimacs, ReadsArcsCoordinatesAndSources) {
  test::TempDir d("dimacs", mpi::Comm::self());
  const auto g = io::read_dimacs_gr(write(d, "g.gr", "c test\np sp 3 2\na 1 2 5\na 2 3 0\n"));
  EXPECT_EQ(g.num_vertices, 3);
  EXPECT_EQ(g.src, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(g.dst, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(g.weight, (std::vector<std::int64_t>{5, 0}));
  const auto co =
      io::read_dimacs_co(write(d, "g.co", "p aux sp co 3\nv 1 10 20\nv 2 -1 2\nv 3 0 0\n"), 3);
  EXPECT_EQ(co[0], (std::pair<double, double>{10, 20}));
  const auto ss = io::read_dimacs_ss(write(d, "g.ss", "p aux sp ss 2\ns 3\ns 1\n"), 3);
  EXPECT_EQ(ss, (std::vector<std::int64_t>{2, 0}));
}

TEST(Dimacs, MalformedLinesNameFileAndLine) {
  test::TempDir d("baddimacs", mpi::Comm::self());
  auto gr = [&](const std::string& name, const std::string& text) {
    return error_of([&] { io::read_dimacs_gr(write(d, name, text)); });
  };
  auto expect = [](const std::string& msg, const std::string& needle) {
    EXPECT_NE(msg.find(needle), std::string::npos) << "'" << msg << "' lacks '" << needle << "'";
  };
  expect(gr("neg.gr", "p sp 2 1\na 1 2 -4\n"), "neg.gr:2: negative weight -4");
  expect(gr("range.gr", "p sp 2 1\na 1 3 4\n"), "range.gr:2: vertex id 3 is outside 1..2");
  expect(gr("word.gr", "p sp 2 1\na 1 two 4\n"), "word.gr:2: vertex id 'two' is not an integer");
  expect(gr("short.gr", "p sp 2 1\na 1 2\n"), "short.gr:2: expected 'a FROM TO WEIGHT'");
  expect(gr("count.gr", "p sp 2 2\na 1 2 1\n"), "count.gr: declares 2 arcs but has 1");
  expect(gr("early.gr", "a 1 2 1\n"), "early.gr:1: arc before the 'p sp' problem line");
  expect(gr("empty.gr", "c nothing\n"), "empty.gr: no 'p sp' problem line");
  expect(gr("huge.gr", "p sp 99999999999999 1\n"), "absurdly large");
  expect(gr("zero.gr", "p sp 0 0\n"), "empty or absurdly large");
  expect(error_of([&] { io::read_dimacs_gr(d / "missing.gr"); }), "does not exist");
  expect(error_of([&] { io::read_dimacs_co(write(d, "few.co", "p aux sp co 2\nv 1 0 0\n"), 2); }),
         "few.co: vertex 2 has no coordinates");
  expect(error_of([&] { io::read_dimacs_ss(write(d, "bad.ss", "p aux sp ss 1\ns 9\n"), 3); }),
         "bad.ss:2: vertex id 9 is outside 1..3");
}

TEST(Dimacs, WrittenGraphsReadBackIdentically) {
  test::TempDir d("dimacs_write", mpi::Comm::self());
  io::EdgeList g;
  g.num_vertices = 5;  // vertex 5 (id 4) has no arcs: the header, not the arcs, sets the count
  g.src = {0, 3, 3, 1, 2, 0};
  g.dst = {1, 0, 0, 1, 3, 2};  // a parallel pair and a self-loop survive as written
  g.weight = {7, 0, 4, 1, 1LL << 40, 3};
  const std::string path = d / "out.gr";
  io::write_dimacs_gr(path, g);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  const auto back = io::read_dimacs_gr(path);
  EXPECT_EQ(back.num_vertices, g.num_vertices);
  EXPECT_EQ(back.src, g.src);
  EXPECT_EQ(back.dst, g.dst);
  EXPECT_EQ(back.weight, g.weight);

  // The real Rome network survives a round trip arc for arc.
  const std::string rome = karst::test::source_dir() + "/../shared/data/roads/rome99.gr";
  if (std::filesystem::exists(rome)) {
    const auto a = io::read_dimacs_gr(rome);
    io::write_dimacs_gr(d / "rome.gr", a);
    const auto b = io::read_dimacs_gr(d / "rome.gr");
    EXPECT_EQ(b.num_vertices, a.num_vertices);
    EXPECT_EQ(b.src, a.src);
    EXPECT_EQ(b.dst, a.dst);
    EXPECT_EQ(b.weight, a.weight);
  }

  // What the reader would refuse is refused on writing, and nothing is left behind.
  auto bad = g;
  bad.weight[2] = -1;
  EXPECT_NE(error_of([&] { io::write_dimacs_gr(d / "neg.gr", bad); }).find("negative weight -1"),
            std::string::npos);
  bad = g;
  bad.dst[1] = 5;
  EXPECT_NE(error_of([&] { io::write_dimacs_gr(d / "out_of_range.gr", bad); }).find("leaves the 5"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(d / "neg.gr"));
  EXPECT_FALSE(std::filesystem::exists(d / "out_of_range.gr"));
}

// Inputs that fuzz_dimacs_* (tests/fuzz/) once crashed on, read as files: each is now a clear
// error.
TEST(Dimacs, FuzzReproducersAreCleanErrors) {
  using test::fuzz_corpus;
  auto expect = [](const std::string& msg, const std::string& needle) {
    EXPECT_NE(msg.find(needle), std::string::npos) << "'" << msg << "' lacks '" << needle << "'";
  };
  // A line of blanks had no first token, and the reader looked at it anyway (out of bounds).
  const auto blank_gr = fuzz_corpus("fuzz_dimacs_gr", "crash_blank_line.gr");
  expect(error_of([&] { io::read_dimacs_gr(blank_gr); }), "crash_blank_line.gr: no 'p sp' problem");
  const auto blank_co = fuzz_corpus("fuzz_dimacs_co", "crash_blank_line.co");
  expect(error_of([&] { io::read_dimacs_co(blank_co, 4); }), "no 'p aux sp co' problem line");
  const auto blank_ss = fuzz_corpus("fuzz_dimacs_ss", "crash_blank_line.ss");
  expect(error_of([&] { io::read_dimacs_ss(blank_ss, 4); }), "no 'p aux sp ss' problem line");
  std::istringstream blanks("p sp 2 1\n \t \na 1 2 3\n\t\n");
  EXPECT_EQ(io::parse_dimacs_gr(blanks, "blanks.gr").src.size(), 1u);

  // 18 bytes that declared 117169184 arcs made the reader reserve 1.5 GiB up front; the count
  // also ended in a NUL byte, which strtoll took for the end of the token.
  const auto oom = fuzz_corpus("fuzz_dimacs_gr", "oom_declared_arcs.gr");
  expect(error_of([&] { io::read_dimacs_gr(oom); }), "oom_declared_arcs.gr:1: arc count");
  std::istringstream few("p sp 4 117169184\na 1 2 3\n");
  expect(error_of([&] { io::parse_dimacs_gr(few, "few.gr"); }),
         "few.gr: declares 117169184 arcs but has 1");
}
