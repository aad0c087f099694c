#pragma once
//! A small RGB canvas for the quicklook pictures (flood, fusion): rectangles, discs and text in a
//! built-in 5x7 pixel font (lower-case letters, digits and a few signs), so no graphics library is
//! needed.

#include <cstdint>
#include <string>
#include <vector>

namespace karst::apps {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
};

class Picture {
 public:
  Picture(int width, int height, Rgb background);
  int width() const { return width_; }
  int height() const { return height_; }
  //! Pixels outside the canvas are ignored, so shapes may overlap its edges.
  void set(int x, int y, Rgb c);
  Rgb at(int x, int y) const;
  void fill_rect(int x, int y, int w, int h, Rgb c);
  //! Every pixel whose centre lies within `radius` of (cx, cy).
  void disc(int cx, int cy, double radius, Rgb c);
  //! Text with its top-left corner at (x, y), each font pixel drawn `scale` x `scale`.
  void text(int x, int y, const std::string& s, int scale, Rgb c);
  //! The same text with a one-pixel halo, readable over any background.
  void text_with_halo(int x, int y, const std::string& s, int scale, Rgb c, Rgb halo);
  static int text_width(const std::string& s, int scale) { return int(s.size()) * 6 * scale; }
  static int text_height(int scale) { return 7 * scale; }
  //! width*height*3 bytes, row-major, top row first.
  const std::vector<std::uint8_t>& rgb() const { return rgb_; }

 private:
  int width_, height_;
  std::vector<std::uint8_t> rgb_;
};

}  // namespace karst::apps
