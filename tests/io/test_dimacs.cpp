// DIMACS readers: valid files parse; every malformed line is an error naming file and line.
#include "io/graph/dimacs.hpp"
#include "kernels/common/error.hpp"
#include "support/temp_dir.hpp"

#include "support/error_of.hpp"

#include <gtest/gtest.h>

#include <fstream>

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
