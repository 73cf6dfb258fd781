#include "resolve/whois_parser.hpp"

#include <charconv>
#include <map>
#include <vector>

#include "util/terminal_safe_string.hpp"

namespace pt::resolve {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Every "key: value" line in order; comment lines (% and #) skipped.
std::multimap<std::string, std::string> fields_of(std::string_view text, std::vector<std::string>& order) {
  std::multimap<std::string, std::string> fields;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line.front() == '%' || line.front() == '#' || line.front() == ' ') continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 40) continue;
    const std::string key = lower(trim(line.substr(0, colon)));
    const std::string value = util::terminal_safe(trim(line.substr(colon + 1)), {.max_code_points = 255});
    if (value.empty()) continue;
    order.push_back(key);
    fields.emplace(key, value);
  }
  return fields;
}

std::string first(const std::multimap<std::string, std::string>& f, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (auto it = f.find(key); it != f.end()) return it->second;
  }
  return {};
}

// ARIN lists the covering allocation first and the most specific network last.
std::string last(const std::multimap<std::string, std::string>& f, const char* key) {
  const auto [begin, end] = f.equal_range(key);
  return begin == end ? std::string() : std::prev(end)->second;
}

std::uint32_t asn_of(std::string_view text) {
  if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's'))
    text.remove_prefix(2);
  std::uint32_t asn = 0;
  std::from_chars(text.data(), text.data() + text.size(), asn);
  return asn;
}

// "whois://whois.ripe.net", "whois.ripe.net:43", "r.example.net"; rwhois:// is another protocol.
std::optional<WhoisReferral> referral_of(std::string value) {
  if (value.empty() || value.rfind("rwhois://", 0) == 0 || value.rfind("http", 0) == 0) return std::nullopt;
  if (value.rfind("whois://", 0) == 0) value.erase(0, 8);
  while (!value.empty() && value.back() == '/') value.pop_back();
  WhoisReferral ref;
  if (const auto colon = value.rfind(':'); colon != std::string::npos && value.find(':') == colon) {
    unsigned port = 0;
    std::from_chars(value.data() + colon + 1, value.data() + value.size(), port);
    if (port == 0 || port > 65535) return std::nullopt;
    ref.port = static_cast<std::uint16_t>(port);
    value.resize(colon);
  }
  for (const char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!ok) return std::nullopt;
  }
  if (value.empty()) return std::nullopt;
  ref.host = lower(value);
  return ref;
}

}  // namespace

WhoisAnswer parse_whois(std::string_view text) {
  std::vector<std::string> order;
  const auto f = fields_of(text, order);
  WhoisAnswer a;
  if (f.count("netrange") != 0 || f.count("nethandle") != 0) {  // ARIN
    a.network = last(f, "cidr");
    if (a.network.empty()) a.network = last(f, "netrange");
    a.netname = last(f, "netname");
    a.org = last(f, "orgname");
    if (a.org.empty()) a.org = last(f, "organization");
    a.country = last(f, "country");
    a.origin_asn = asn_of(last(f, "originas"));
  } else {  // RIPE, APNIC, AFRINIC, LACNIC, IANA: the first object is the most specific
    a.network = first(f, {"inetnum", "inet6num"});
    a.netname = first(f, {"netname"});
    a.org = first(f, {"org-name", "owner", "descr", "organisation"});
    a.country = first(f, {"country"});
    a.origin_asn = asn_of(first(f, {"origin", "aut-num"}));
  }
  for (const char* key : {"referralserver", "refer", "whois"}) {
    if (auto ref = referral_of(first(f, {key}))) {
      a.referral = std::move(ref);
      break;
    }
  }
  return a;
}

}  // namespace pt::resolve
