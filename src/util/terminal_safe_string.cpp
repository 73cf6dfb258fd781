#include "util/terminal_safe_string.hpp"

#include <cstdint>
#include <cwchar>

namespace pt::util {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one UTF-8 sequence (RFC 3629: no overlongs, no surrogates, max U+10FFFF).
// Returns the code point and its length, or length 0 when the bytes are not valid UTF-8.
struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 0;
};

Decoded decode_utf8(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    len = 2;
    cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    len = 3;
    cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    len = 4;
    cp = b0 & 0x07U;
  } else {
    return {};
  }
  if (i + len > s.size()) return {};
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0U) != 0x80U) return {};
    cp = (cp << 6U) | (b & 0x3FU);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, len};
}

bool is_control(char32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0); }

// Bidirectional overrides can reorder what the user sees (CVE-2021-42574 "Trojan Source").
bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
}

}  // namespace

std::string terminal_safe(std::string_view raw, SanitizeOptions options) {
  std::string out;
  out.reserve(raw.size() < 256 ? raw.size() : 256);
  std::size_t points = 0;
  for (std::size_t i = 0; i < raw.size() && points < options.max_code_points;) {
    const auto d = decode_utf8(raw, i);
    if (d.length == 0) {
      out += kReplacement;
      ++i;
      ++points;
      continue;
    }
    const char32_t cp = d.code_point;
    if (cp == '\n' && options.keep_newlines) {
      out += '\n';
    } else if (cp == '\t') {
      out += ' ';
    } else if (cp == '\r' && options.keep_newlines) {
      // dropped: CRLF line ends become LF
      i += d.length;
      continue;
    } else if (is_control(cp) || is_bidi_control(cp)) {
      out += '?';
    } else {
      out.append(raw.substr(i, d.length));
    }
    i += d.length;
    ++points;
  }
  return out;
}

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto d = decode_utf8(utf8, i);
    if (d.length == 0) {
      ++width;
      ++i;
      continue;
    }
    const int w = ::wcwidth(static_cast<wchar_t>(d.code_point));
    width += w < 0 ? 1U : static_cast<std::size_t>(w);
    i += d.length;
  }
  return width;
}

}  // namespace pt::util
