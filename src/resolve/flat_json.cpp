#include "resolve/flat_json.hpp"

#include <cstdlib>

namespace pt::resolve {
namespace {

constexpr int kMaxDepth = 16;

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  std::optional<std::vector<JsonObject>> array_of_objects() {
    std::vector<JsonObject> out;
    if (!eat('[')) return std::nullopt;
    if (eat(']')) return finish(std::move(out));
    do {
      JsonObject object;
      if (!read_object(object)) return std::nullopt;
      out.push_back(std::move(object));
    } while (eat(','));
    if (!eat(']')) return std::nullopt;
    return finish(std::move(out));
  }

 private:
  std::optional<std::vector<JsonObject>> finish(std::vector<JsonObject> out) {
    skip_space();
    if (i_ != s_.size()) return std::nullopt;
    return out;
  }

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  bool read_object(JsonObject& object) {
    if (!eat('{')) return false;
    if (eat('}')) return true;
    do {
      std::string key;
      JsonScalar value;
      skip_space();
      if (!read_string(key) || !eat(':') || !read_value(value, 1)) return false;
      object[key] = std::move(value);
    } while (eat(','));
    return eat('}');
  }

  static void put_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool hex4(unsigned& out) {
    if (i_ + 4 > s_.size()) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      out <<= 4U;
      if (c >= '0' && c <= '9')
        out |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        out |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        out |= static_cast<unsigned>(c - 'A' + 10);
      else
        return false;
    }
    return true;
  }

  bool read_escape(std::string& out) {
    if (i_ >= s_.size()) return false;
    const char e = s_[i_++];
    switch (e) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': {
        unsigned cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(i_, 2) == "\\u") {  // surrogate pair
          i_ += 2;
          unsigned low = 0;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10U) + (low - 0xDC00);
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
          cp = 0xFFFD;
        }
        put_utf8(out, cp);
        return true;
      }
      default: return false;
    }
  }

  bool read_string(std::string& out) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    ++i_;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (!read_escape(out)) return false;
      } else {
        out += c;
      }
    }
    return false;
  }

  bool read_number(JsonScalar& value) {
    const std::size_t start = i_;
    while (i_ < s_.size() && (std::string_view("+-.eE0123456789").find(s_[i_]) != std::string_view::npos)) ++i_;
    if (start == i_) return false;
    const std::string text(s_.substr(start, i_ - start));
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) return false;
    value = d;
    return true;
  }

  bool skip_container(char open, char close, int depth) {
    ++i_;  // the opening bracket
    if (eat(close)) return true;
    do {
      JsonScalar ignored;
      skip_space();
      if (open == '{') {
        std::string key;
        if (!read_string(key) || !eat(':')) return false;
      }
      if (!read_value(ignored, depth + 1)) return false;
    } while (eat(','));
    return eat(close);
  }

  bool read_value(JsonScalar& value, int depth) {
    if (depth > kMaxDepth) return false;
    skip_space();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '"') {
      std::string str;
      if (!read_string(str)) return false;
      value = std::move(str);
      return true;
    }
    if (c == '{') return skip_container('{', '}', depth);
    if (c == '[') return skip_container('[', ']', depth);
    if (literal("true")) return (value = true), true;
    if (literal("false")) return (value = false), true;
    if (literal("null")) return (value = std::monostate{}), true;
    return read_number(value);
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<std::vector<JsonObject>> parse_json_object_array(std::string_view text) {
  return Reader(text).array_of_objects();
}

std::string json_string_or(const JsonObject& object, const std::string& key, std::string fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
  return fallback;
}

std::optional<double> json_number(const JsonObject& object, const std::string& key) {
  const auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (const auto* d = std::get_if<double>(&it->second)) return *d;
  return std::nullopt;
}

}  // namespace pt::resolve
