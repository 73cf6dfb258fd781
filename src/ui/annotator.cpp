#include "ui/annotator.hpp"

#include "util/terminal_safe_string.hpp"

namespace pt::ui {

HostLabel sanitized(HostLabel label) {
  auto clean = [](std::string& s, std::size_t max) {
    if (!s.empty()) s = util::terminal_safe(s, {.max_code_points = max});
  };
  clean(label.fqdn, 253);  // RFC 1035 §2.3.4 name length limit
  clean(label.domain, 253);
  clean(label.country_code, 3);
  clean(label.country, 64);
  clean(label.city, 64);
  clean(label.as_name, 96);
  return label;
}

std::uint32_t Annotator::find_or_add(const util::IpAddress& address) {
  const std::uint32_t at = index_.find(address);
  if (at != AddressIndex::kNone) return at;
  if (entries_.size() >= options_.capacity) {
    index_ = AddressIndex();
    entries_.clear();
    ++generation_;
  }
  const auto added = static_cast<std::uint32_t>(entries_.size());
  index_.insert(address, added);
  entries_.push_back({address, sanitized(source_.annotate(address)), now_});
  return added;
}

const HostLabel& Annotator::current(Entry& e) {
  const bool pending = e.label.name_state == Lookup::Pending || e.label.geo_state == Lookup::Pending ||
                       e.label.owner_state == Lookup::Pending;
  const bool due = now_ - e.fetched >= (pending ? options_.pending_retry : options_.refresh);
  if (due && refetches_ < options_.refetches_per_frame) {
    ++refetches_;
    e.label = sanitized(source_.annotate(e.address));
    e.fetched = now_;
  }
  return e.label;
}

const HostLabel& Annotator::get(const util::IpAddress& address) { return current(entries_[find_or_add(address)]); }

const HostLabel& Annotator::get(const util::IpAddress& address, Handle& handle) {
  const bool valid =
      handle.generation == generation_ && handle.index < entries_.size() && entries_[handle.index].address == address;
  if (!valid) handle = {find_or_add(address), generation_};
  return current(entries_[handle.index]);
}

std::string Annotator::location(const util::IpAddress& address) {
  if (address.empty()) return {};
  if (!address.is_public()) return std::string(util::scope_label(address.scope()));
  const HostLabel& l = get(address);
  if (l.geo_state == Lookup::Pending) return std::string(kPendingMark);
  if (!l.city.empty() && !l.country_code.empty()) return l.city + ", " + l.country_code;
  if (!l.country.empty()) return l.country;
  return l.country_code;
}

std::string Annotator::owner(const util::IpAddress& address) {
  if (address.empty() || !address.is_public()) return {};
  const HostLabel& l = get(address);
  if (l.owner_state == Lookup::Pending && l.asn == 0) return std::string(kPendingMark);
  std::string out;
  if (l.asn != 0) out = "AS" + std::to_string(l.asn);
  if (!l.as_name.empty()) out += (out.empty() ? "" : " ") + l.as_name;
  return out;
}

std::string Annotator::name(const util::IpAddress& address) {
  if (address.empty()) return {};
  const HostLabel& l = get(address);
  if (!l.fqdn.empty()) return l.fqdn;
  if (l.name_state == Lookup::Pending) return std::string(kPendingMark);
  return {};
}

}  // namespace pt::ui
