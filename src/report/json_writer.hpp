#pragma once
// A streaming JSON writer: reports with hundreds of thousands of flows are written as they are
// produced instead of being built as a document in memory first. Strings are emitted as valid
// UTF-8 with control characters escaped.

#include <array>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace pt::report {

class JsonWriter {
 public:
  // pretty: indent nesting levels up to compact_below; deeper values go on one line (a report
  // with 200,000 flows stays readable, one flow per line, and small).
  explicit JsonWriter(std::ostream& out, bool pretty = true, std::size_t compact_below = 2)
      : out_(out), pretty_(pretty), compact_below_(compact_below) {}
  ~JsonWriter() { flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  // Text is gathered in a buffer and handed to the stream in large chunks.
  void flush();

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool b);
  template <std::integral T>
  requires(!std::same_as<T, bool>) JsonWriter& value(T n) {
    if constexpr (std::is_signed_v<T>) {
      return signed_value(static_cast<std::int64_t>(n));
    } else {
      return unsigned_value(static_cast<std::uint64_t>(n));
    }
  }
  JsonWriter& value(double d, int decimals = 6);
  JsonWriter& null();

  template <typename T>
  JsonWriter& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  JsonWriter& field(std::string_view name, double d, int decimals) {
    key(name);
    return value(d, decimals);
  }

 private:
  JsonWriter& unsigned_value(std::uint64_t n);
  JsonWriter& signed_value(std::int64_t n);
  void before_value();
  void newline();
  void put(std::string_view text) {
    if (text.size() > kCapacity - used_) flush();
    if (text.size() > kCapacity) {
      out_.write(text.data(), static_cast<std::streamsize>(text.size()));
      return;
    }
    std::memcpy(buffer_.get() + used_, text.data(), text.size());
    used_ += text.size();
  }
  void put(char c) {
    if (used_ == kCapacity) flush();
    buffer_[used_++] = c;
  }
  void put_string(std::string_view text);  // quoted and escaped

  // A fixed buffer written out whole: appending is a bounds check and a memcpy (fmt's growing
  // buffer cost as much again per call, and a report makes millions of calls).
  static constexpr std::size_t kCapacity = std::size_t{1} << 16U;
  std::unique_ptr<char[]> buffer_ = std::make_unique_for_overwrite<char[]>(kCapacity);
  std::size_t used_ = 0;
  std::ostream& out_;
  bool pretty_;
  std::size_t compact_below_;
  struct Level {
    bool first = true;
    bool is_object = true;
  };
  std::vector<Level> stack_;
  bool after_key_ = false;
};

// Escapes text as the body of a JSON string (without quotes); invalid UTF-8 becomes U+FFFD.
std::string json_escape(std::string_view text);

}  // namespace pt::report
