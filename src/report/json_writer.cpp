#include "report/json_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "util/terminal_safe_string.hpp"

namespace pt::report {

namespace {

// Printable ASCII without JSON's own specials needs no escaping at all (addresses, protocol
// names, most names): the common case skips sanitizing. One table load per character.
constexpr auto kPlain = [] {
  std::array<bool, 256> plain{};
  for (unsigned c = 0x20; c < 0x7F; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

bool plain_ascii(std::string_view text) {
  bool plain = true;
  for (const char c : text) plain &= kPlain[static_cast<unsigned char>(c)];
  return plain;
}

}  // namespace

std::string json_escape(std::string_view text) {
  if (plain_ascii(text)) return std::string(text);
  // terminal_safe makes the text valid UTF-8 without control characters; what is left to escape
  // is JSON's own syntax.
  const auto safe = util::terminal_safe(text, {.max_code_points = 4096, .keep_newlines = true});
  std::string out;
  out.reserve(safe.size() + 2);
  for (char c : safe) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

void JsonWriter::flush() {
  out_.write(buffer_.get(), static_cast<std::streamsize>(used_));
  used_ = 0;
}

void JsonWriter::put_string(std::string_view text) {
  put('"');
  if (plain_ascii(text)) {
    put(text);
  } else {
    put(json_escape(text));
  }
  put('"');
}

void JsonWriter::newline() {
  if (!pretty_ || stack_.size() > compact_below_) return;
  put('\n');
  for (std::size_t i = 0; i < stack_.size(); ++i) put("  ");
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  auto& level = stack_.back();
  if (!level.first) put(',');
  level.first = false;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  put('{');
  stack_.push_back({true, true});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const bool empty = stack_.back().first;
  const bool compact = stack_.size() > compact_below_;
  stack_.pop_back();
  if (!empty && !compact) newline();
  put('}');
  if (stack_.empty() && pretty_) put('\n');
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  put('[');
  stack_.push_back({true, false});
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  const bool empty = stack_.back().first;
  const bool compact = stack_.size() > compact_below_;
  stack_.pop_back();
  if (!empty && !compact) newline();
  put(']');
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  put_string(name);
  put(pretty_ && stack_.size() <= compact_below_ ? std::string_view(": ") : std::string_view(":"));
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  put_string(text);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  put(b ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::unsigned_value(std::uint64_t n) {
  before_value();
  std::array<char, 24> text{};
  const auto end = std::to_chars(text.data(), text.data() + text.size(), n).ptr;
  put(std::string_view(text.data(), static_cast<std::size_t>(end - text.data())));
  return *this;
}

JsonWriter& JsonWriter::signed_value(std::int64_t n) {
  before_value();
  std::array<char, 24> text{};
  const auto end = std::to_chars(text.data(), text.data() + text.size(), n).ptr;
  put(std::string_view(text.data(), static_cast<std::size_t>(end - text.data())));
  return *this;
}

JsonWriter& JsonWriter::value(double d, int decimals) {
  before_value();
  if (!std::isfinite(d)) {
    put("null");
    return *this;
  }
  // Exact fixed notation, as printf's %.*f (and fmt's {:.Nf}) give it; a finite double has at
  // most 309 integer digits.
  std::array<char, 400> text{};
  const auto [end, ec] =
      std::to_chars(text.data(), text.data() + text.size(), d, std::chars_format::fixed, std::clamp(decimals, 0, 60));
  if (ec != std::errc{}) {
    put("null");
    return *this;
  }
  put(std::string_view(text.data(), static_cast<std::size_t>(end - text.data())));
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  put("null");
  return *this;
}

}  // namespace pt::report
