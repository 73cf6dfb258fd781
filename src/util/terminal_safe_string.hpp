#pragma once
// Strings from the network (PTR names, SNI, HTTP Host, WHOIS text) may carry terminal escape
// sequences or invalid UTF-8. Everything of that origin passes through here before it is
// stored or shown: control characters (C0, DEL, C1) are dropped or replaced, invalid UTF-8
// becomes U+FFFD, and the result is cut to a maximum number of code points.

#include <cstddef>
#include <string>
#include <string_view>

namespace pt::util {

struct SanitizeOptions {
  std::size_t max_code_points = 255;
  bool keep_newlines = false;  // WHOIS text keeps its lines; names never do
};

std::string terminal_safe(std::string_view raw, SanitizeOptions options = {});

// Display width in terminal cells of a sanitized UTF-8 string (wide CJK counts 2).
std::size_t display_width(std::string_view utf8);

}  // namespace pt::util
