#include "ui/stats_model.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "ui/flow_identity.hpp"

namespace pt::ui {
namespace {

using Totals = StatsBuilder::Totals;

void add(Totals& t, const engine::FlowRow& f) {
  t.bytes += f.bytes();
  t.packets += f.packets();
  ++t.flows;
}

void add(Totals& t, const Totals& more) {
  t.bytes += more.bytes;
  t.packets += more.packets;
  t.flows += more.flows;
}

struct Group {
  Totals totals;
  std::uint64_t hosts = 0;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Label → group, looked up by string_view so the per-address loop builds no strings.
class LabelGroups {
 public:
  Group& operator[](std::string_view label) {
    auto it = groups_.find(label);
    if (it == groups_.end()) it = groups_.emplace(std::string(label), Group{}).first;
    return it->second;
  }
  void append_to(std::vector<Share>& out) const {
    for (const auto& [label, g] : groups_) out.push_back(share(label, g));
  }
  static Share share(std::string label, const Group& g) {
    return {std::move(label), {}, g.totals.bytes, g.totals.packets, g.totals.flows};
  }

 private:
  std::unordered_map<std::string, Group, StringHash, std::equal_to<>> groups_;
};

constexpr std::string_view kLocal = "Local network";
constexpr std::string_view kResolving = "(resolving)";
constexpr std::string_view kUnknown = "Unknown";

std::string_view country_of(bool is_public, const HostLabel& l) {
  if (!is_public) return kLocal;
  if (l.geo_state == Lookup::Pending) return kResolving;
  if (!l.country.empty()) return l.country;
  if (!l.country_code.empty()) return l.country_code;
  return kUnknown;
}

// Owners group by AS number when there is one, so "AS15169 GOOGLE" is built once per AS.
class OwnerGroups {
 public:
  void add(bool is_public, const HostLabel& l, const Totals& t) {
    if (!is_public) {
      ui::add(by_label_[kLocal].totals, t);
    } else if (l.asn != 0) {
      auto [it, added] = by_asn_.try_emplace(l.asn);
      if (added) it->second.label = "AS" + std::to_string(l.asn) + (l.as_name.empty() ? "" : " " + l.as_name);
      ui::add(it->second.group.totals, t);
    } else if (!l.as_name.empty()) {
      ui::add(by_label_[l.as_name].totals, t);
    } else {
      ui::add(by_label_[l.owner_state == Lookup::Pending ? kResolving : kUnknown].totals, t);
    }
  }
  [[nodiscard]] std::vector<Share> shares() const {
    std::vector<Share> out;
    out.reserve(by_asn_.size() + 4);
    for (const auto& [asn, o] : by_asn_) out.push_back(LabelGroups::share(o.label, o.group));
    by_label_.append_to(out);
    return out;
  }

 private:
  struct Owner {
    std::string label;
    Group group;
  };
  std::unordered_map<std::uint32_t, Owner> by_asn_;
  LabelGroups by_label_;
};

std::vector<Share> top_of(std::vector<Share> out, std::size_t top, bool other_row) {
  std::sort(out.begin(), out.end(),
            [](const Share& a, const Share& b) { return a.bytes != b.bytes ? a.bytes > b.bytes : a.label < b.label; });
  if (out.size() > top && top > 0) {
    Share other{"other (" + std::to_string(out.size() - top + 1) + ")", {}, 0, 0, 0};
    for (std::size_t i = top - 1; i < out.size(); ++i) {
      other.bytes += out[i].bytes;
      other.packets += out[i].packets;
      other.flows += out[i].flows;
    }
    out.resize(top - 1);
    if (other_row) out.push_back(std::move(other));
  }
  return out;
}

std::vector<Share> shares_of(const LabelGroups& groups) {
  std::vector<Share> out;
  groups.append_to(out);
  return out;
}

}  // namespace

StatsBuilder::HostRow& StatsBuilder::host(const util::IpAddress& address) {
  const auto [at, added] = index_.insert(address, static_cast<std::uint32_t>(hosts_.size()));
  if (added) hosts_.push_back({address, {}, {}, {}});
  return hosts_[at];
}

void StatsBuilder::drop_unseen_hosts() {
  std::erase_if(hosts_, [](const HostRow& h) { return h.endpoint.flows == 0; });
  index_ = AddressIndex(hosts_.size());
  for (std::size_t i = 0; i < hosts_.size(); ++i) index_.insert(hosts_[i].address, static_cast<std::uint32_t>(i));
}

StatsModel StatsBuilder::build(const engine::Snapshot& snapshot, const FlowScope& scope, Annotator& names,
                               std::size_t top) {
  StatsModel model;
  model.selected = scope.selected;
  for (HostRow& h : hosts_) h.endpoint = h.remote = {};
  LabelGroups protocols;
  for (const engine::FlowRow* f : scope.flows) {
    ++model.flows;
    model.bytes += f->bytes();
    model.packets += f->packets();
    const bool src_remote = remote_address(*f) == f->src;
    HostRow& src = host(f->src);
    add(src.endpoint, *f);
    if (src_remote) add(src.remote, *f);
    HostRow& dst = host(f->dst);
    add(dst.endpoint, *f);
    if (!src_remote) add(dst.remote, *f);
    if (scope.selected) add(protocols[engine::protocol_name(f->protocol)].totals, *f);
  }
  model.hosts = static_cast<std::uint64_t>(
      std::count_if(hosts_.begin(), hosts_.end(), [](const HostRow& h) { return h.endpoint.flows != 0; }));
  if (hosts_.size() > 1024 && model.hosts * 2 < hosts_.size()) drop_unseen_hosts();

  LabelGroups countries;
  OwnerGroups owners;
  LabelGroups domains;
  for (HostRow& h : hosts_) {
    if (h.remote.flows == 0) continue;
    const bool is_public = h.address.is_public();
    const HostLabel& l = names.get(h.address, h.label);
    if (is_public && (l.geo_state == Lookup::Pending || l.name_state == Lookup::Pending)) ++model.pending;
    add(countries[country_of(is_public, l)].totals, h.remote);
    owners.add(is_public, l, h.remote);
    if (!l.domain.empty()) {
      Group& d = domains[l.domain];
      add(d.totals, h.remote);
      ++d.hosts;
    }
  }
  model.countries = top_of(shares_of(countries), top, true);
  model.owners = top_of(owners.shares(), top, true);
  model.domains = top_of(shares_of(domains), top, false);
  for (auto& d : model.domains) {
    const auto n = domains[d.label].hosts;
    d.detail = std::to_string(n) + (n == 1 ? " host" : " hosts");
  }

  if (!scope.selected) {
    // Packet-level counts include what never forms a flow (ARP, unparsed IP).
    for (const auto& p : snapshot.traffic.protocols) {
      model.protocols.push_back({std::string(p.name.view()), {}, p.bytes, p.packets, 0});
    }
  } else {
    model.protocols = top_of(shares_of(protocols), top, true);
  }

  ranked_.clear();
  for (const HostRow& h : hosts_) {
    if (h.endpoint.flows != 0) ranked_.push_back(&h);
  }
  const std::size_t n = std::min(top, ranked_.size());
  std::partial_sort(ranked_.begin(), ranked_.begin() + static_cast<std::ptrdiff_t>(n), ranked_.end(),
                    [](const HostRow* a, const HostRow* b) {
                      return a->endpoint.bytes != b->endpoint.bytes ? a->endpoint.bytes > b->endpoint.bytes
                                                                    : a->address < b->address;
                    });
  for (std::size_t i = 0; i < n; ++i) {
    const HostRow& h = *ranked_[i];
    model.talkers.push_back(
        {h.address.to_string(), names.name(h.address), h.endpoint.bytes, h.endpoint.packets, h.endpoint.flows});
  }
  return model;
}

StatsModel build_stats(const engine::Snapshot& snapshot, const FlowScope& scope, Annotator& names, std::size_t top) {
  return StatsBuilder().build(snapshot, scope, names, top);
}

}  // namespace pt::ui
