#include "resolve/passive_dns.hpp"

#include <algorithm>

#include "resolve/domain_names.hpp"

namespace pt::resolve {
namespace {

int source_rank(NameSource s) {
  switch (s) {
    case NameSource::TlsSni: return 0;
    case NameSource::HttpHost: return 1;
    case NameSource::DnsAnswer: return 2;
  }
  return 3;
}

bool shown_before(const ObservedRecord& a, const ObservedRecord& b) {
  if (a.last_seen != b.last_seen) return a.last_seen > b.last_seen;
  return source_rank(a.source) < source_rank(b.source);
}

// "Host: example.com:8080" names the host, not the port (RFC 9110 §7.2).
void strip_port(std::string& name) {
  if (!name.empty() && name.front() == '[') return;  // bracketed IPv6 literal
  if (const auto colon = name.rfind(':'); colon != std::string::npos && name.find(':') == colon) {
    name.resize(colon);
  }
}

}  // namespace

std::string_view to_string(NameSource source) {
  switch (source) {
    case NameSource::DnsAnswer: return "dns";
    case NameSource::TlsSni: return "sni";
    case NameSource::HttpHost: return "http";
  }
  return "dns";
}

PassiveDns::PassiveDns(std::size_t capacity, std::chrono::seconds ttl) : names_(capacity, ttl) {}

void PassiveDns::observe(const ObservedName& observed) {
  std::string name = DomainNames::normalize(observed.name);
  if (observed.source == NameSource::HttpHost) strip_port(name);
  if (name.empty() || name.front() == '[' || util::IpAddress::parse(name) || observed.address.empty()) return;

  std::lock_guard lock(mutex_);
  ++observed_;
  auto list = names_.get(observed.address).value_or(std::vector<ObservedRecord>{});
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const ObservedRecord& r) { return r.name == name && r.source == observed.source; });
  if (it == list.end()) {
    list.push_back({name, observed.source, observed.time, observed.time, observed.ttl_seconds, 0});
    it = std::prev(list.end());
  }
  it->last_seen = std::max(it->last_seen, observed.time);
  it->ttl_seconds = observed.ttl_seconds;
  ++it->times_seen;
  std::sort(list.begin(), list.end(), shown_before);
  if (list.size() > kMaxNamesPerAddress) list.resize(kMaxNamesPerAddress);
  names_.put(observed.address, std::move(list));
}

std::vector<ObservedRecord> PassiveDns::names_for(const util::IpAddress& address) const {
  std::lock_guard lock(mutex_);
  return names_.get(address).value_or(std::vector<ObservedRecord>{});
}

std::optional<ObservedRecord> PassiveDns::preferred(const util::IpAddress& address) const {
  auto list = names_for(address);
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::uint64_t PassiveDns::observed_count() const {
  std::lock_guard lock(mutex_);
  return observed_;
}

}  // namespace pt::resolve
