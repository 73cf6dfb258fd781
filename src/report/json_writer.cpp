#include "report/json_writer.hpp"

#include <cmath>
#include <cstdio>

#include "util/terminal_safe_string.hpp"

namespace pt::report {

std::string json_escape(std::string_view text) {
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

void JsonWriter::newline() {
  if (!pretty_) return;
  out_ << '\n';
  for (std::size_t i = 0; i < stack_.size(); ++i) out_ << "  ";
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  auto& level = stack_.back();
  if (!level.first) out_ << ',';
  level.first = false;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ << '{';
  stack_.push_back({true, true});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const bool empty = stack_.back().first;
  stack_.pop_back();
  if (!empty) newline();
  out_ << '}';
  if (stack_.empty() && pretty_) out_ << '\n';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ << '[';
  stack_.push_back({true, false});
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  const bool empty = stack_.back().first;
  stack_.pop_back();
  if (!empty) newline();
  out_ << ']';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  out_ << '"' << json_escape(name) << (pretty_ ? "\": " : "\":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  out_ << '"' << json_escape(text) << '"';
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_ << (b ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::unsigned_value(std::uint64_t n) {
  before_value();
  out_ << n;
  return *this;
}

JsonWriter& JsonWriter::signed_value(std::int64_t n) {
  before_value();
  out_ << n;
  return *this;
}

JsonWriter& JsonWriter::value(double d, int decimals) {
  before_value();
  if (!std::isfinite(d)) {
    out_ << "null";
    return *this;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, d);
  out_ << buf;
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ << "null";
  return *this;
}

}  // namespace pt::report
