#include "ui/stats_model.hpp"

#include <algorithm>
#include <map>

#include "ui/address_index.hpp"
#include "ui/flow_identity.hpp"

namespace pt::ui {
namespace {

struct Totals {
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
  std::uint64_t flows = 0;
  void add(const engine::FlowRow& f) {
    bytes += f.bytes();
    packets += f.packets();
    ++flows;
  }
  void add(const Totals& t) {
    bytes += t.bytes;
    packets += t.packets;
    flows += t.flows;
  }
};

std::vector<Share> top_of(std::map<std::string, Totals>& groups, std::size_t top, bool other_row) {
  std::vector<Share> out;
  out.reserve(groups.size());
  for (auto& [label, t] : groups) out.push_back({label, {}, t.bytes, t.packets, t.flows});
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

std::string country_of(const util::IpAddress& a, const HostLabel& l) {
  if (!a.is_public()) return "Local network";
  if (l.geo_state == Lookup::Pending) return "(resolving)";
  if (!l.country.empty()) return l.country;
  if (!l.country_code.empty()) return l.country_code;
  return "Unknown";
}

std::string owner_of(const util::IpAddress& a, const HostLabel& l) {
  if (!a.is_public()) return "Local network";
  if (l.asn == 0 && l.as_name.empty()) return l.owner_state == Lookup::Pending ? "(resolving)" : "Unknown";
  std::string out = l.asn != 0 ? "AS" + std::to_string(l.asn) : std::string();
  if (!l.as_name.empty()) out += (out.empty() ? "" : " ") + l.as_name;
  return out;
}

// Totals per address, in first-seen order.
struct HostTotals {
  AddressIndex index;
  std::vector<std::pair<util::IpAddress, Totals>> rows;
  explicit HostTotals(std::size_t expected) : index(expected) { rows.reserve(expected); }
  Totals& operator[](const util::IpAddress& a) {
    const auto [at, added] = index.insert(a, static_cast<std::uint32_t>(rows.size()));
    if (added) rows.emplace_back(a, Totals{});
    return rows[at].second;
  }
};

void remote_groups(const HostTotals& remotes, Annotator& names, StatsModel& model, std::size_t top) {
  std::map<std::string, Totals> countries;
  std::map<std::string, Totals> owners;
  std::map<std::string, Totals> domains;
  std::map<std::string, std::uint64_t> domain_hosts;
  for (const auto& [address, t] : remotes.rows) {
    const HostLabel& l = names.get(address);
    if (address.is_public() && (l.geo_state == Lookup::Pending || l.name_state == Lookup::Pending)) ++model.pending;
    countries[country_of(address, l)].add(t);
    owners[owner_of(address, l)].add(t);
    if (!l.domain.empty()) {
      domains[l.domain].add(t);
      ++domain_hosts[l.domain];
    }
  }
  model.countries = top_of(countries, top, true);
  model.owners = top_of(owners, top, true);
  model.domains = top_of(domains, top, false);
  for (auto& d : model.domains) {
    const auto n = domain_hosts[d.label];
    d.detail = std::to_string(n) + (n == 1 ? " host" : " hosts");
  }
}

}  // namespace

StatsModel build_stats(const engine::Snapshot& snapshot, const FlowScope& scope, Annotator& names, std::size_t top) {
  StatsModel model;
  model.selected = scope.selected;
  HostTotals remotes(scope.flows.size() / 4 + 16);
  HostTotals endpoints(scope.flows.size() / 2 + 16);
  std::map<std::string, Totals> protocols;
  for (const engine::FlowRow* f : scope.flows) {
    ++model.flows;
    model.bytes += f->bytes();
    model.packets += f->packets();
    remotes[remote_address(*f)].add(*f);
    endpoints[f->src].add(*f);
    endpoints[f->dst].add(*f);
    if (scope.selected) protocols[std::string(engine::protocol_name(f->protocol))].add(*f);
  }
  model.hosts = endpoints.rows.size();
  remote_groups(remotes, names, model, top);
  if (!scope.selected) {
    // Packet-level counts include what never forms a flow (ARP, unparsed IP).
    for (const auto& p : snapshot.traffic.protocols) {
      model.protocols.push_back({std::string(p.name.view()), {}, p.bytes, p.packets, 0});
    }
  } else {
    model.protocols = top_of(protocols, top, true);
  }
  auto& hosts = endpoints.rows;
  const std::size_t n = std::min(top, hosts.size());
  std::partial_sort(hosts.begin(), hosts.begin() + static_cast<std::ptrdiff_t>(n), hosts.end(),
                    [](const auto& a, const auto& b) {
                      return a.second.bytes != b.second.bytes ? a.second.bytes > b.second.bytes : a.first < b.first;
                    });
  for (std::size_t i = 0; i < n; ++i) {
    const auto& [address, t] = hosts[i];
    model.talkers.push_back({address.to_string(), names.name(address), t.bytes, t.packets, t.flows});
  }
  return model;
}

}  // namespace pt::ui
