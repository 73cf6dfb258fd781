#include "ui/analysis_model.hpp"

#include <algorithm>
#include <map>

#include "ui/views/frame.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::ui {
namespace {

template <typename Map>
std::vector<Share> ranked(const Map& groups, std::size_t top) {
  std::vector<Share> out;
  out.reserve(groups.size());
  for (const auto& [label, s] : groups) out.push_back(s);
  std::sort(out.begin(), out.end(),
            [](const Share& a, const Share& b) { return a.bytes != b.bytes ? a.bytes > b.bytes : a.label < b.label; });
  if (out.size() > top) out.resize(top);
  return out;
}

void add(Share& s, std::string_view label, const engine::FlowRow& f) {
  if (s.label.empty()) s.label = label;
  s.bytes += f.bytes();
  s.packets += f.packets();
  ++s.flows;
}

// What names a flow nDPI has not identified: "\x01" while still inspecting, else its port service.
std::string_view service_key(const engine::Classification& c) {
  if (c.method == engine::DetectionMethod::Pending) return "\x01";
  return c.service.view();
}

constexpr std::array<std::pair<std::uint16_t, const char*>, 8> kTraits{{
    {engine::flow_trait::kEncrypted, "encrypted"},
    {engine::flow_trait::kStreaming, "streaming"},
    {engine::flow_trait::kVoip, "VoIP"},
    {engine::flow_trait::kBulk, "bulk transfer"},
    {engine::flow_trait::kInteractive, "interactive"},
    {engine::flow_trait::kHandshakeOnly, "handshake only"},
    {engine::flow_trait::kTunnel, "tunnel / VPN"},
    {engine::flow_trait::kHighEntropy, "high entropy"},
}};

void merge(std::map<std::string, Share>& into, const std::string& label, const Share& from) {
  Share& s = into[label];
  s.label = label;
  s.bytes += from.bytes;
  s.packets += from.packets;
  s.flows += from.flows;
}

// Counts flows by protocol ids, service and category first and names each group once at the end:
// naming 50,000 flows one by one costs too much.
struct ClassTally {
  std::map<std::uint32_t, std::pair<const engine::Classification*, Share>> by_protocol;
  std::map<std::string_view, Share> by_service;  // views into the snapshot's rows
  std::map<std::uint16_t, Share> by_category;
  std::array<std::uint64_t, 5> methods{};
  std::array<std::uint64_t, kTraits.size()> traits{};

  void count(const engine::FlowRow& f, AnalysisModel& m) {
    const auto& c = f.classification;
    if (c.app_protocol != 0 || c.master_protocol != 0) {
      auto& [first, share] = by_protocol[static_cast<std::uint32_t>(c.master_protocol) << 16U | c.app_protocol];
      if (first == nullptr) first = &c;
      add(share, {}, f);
    } else {
      add(by_service[service_key(c)], {}, f);
    }
    add(by_category[c.category], {}, f);
    methods[static_cast<std::size_t>(c.method) % methods.size()]++;
    for (std::size_t i = 0; i < kTraits.size(); ++i) {
      if ((c.traits & kTraits[i].first) != 0) ++traits[i];
    }
    if (c.encrypted()) {
      m.encrypted_bytes += f.bytes();
      ++m.encrypted_flows;
    }
  }

  void name(const engine::Snapshot& snapshot, AnalysisModel& m, std::size_t top) const {
    std::map<std::string, Share> apps;
    std::map<std::string, Share> categories;
    for (const auto& [key, entry] : by_protocol) merge(apps, views::app_label(snapshot, *entry.first), entry.second);
    for (const auto& [service, share] : by_service) {
      const std::string app = service == "\x01" ? std::string(kPendingMark)
                              : service.empty() ? std::string("Unknown")
                                                : util::terminal_safe(service);
      merge(apps, app, share);
    }
    for (const auto& [id, share] : by_category) {
      engine::Classification c;
      c.category = id;
      merge(categories, std::string(snapshot.category_name(c)), share);
    }
    m.apps = ranked(apps, top);
    m.categories = ranked(categories, top);
    static constexpr std::array<engine::DetectionMethod, 5> kMethods{
        engine::DetectionMethod::Dpi, engine::DetectionMethod::Guess, engine::DetectionMethod::Port,
        engine::DetectionMethod::Pending, engine::DetectionMethod::Unknown};
    for (auto method : kMethods) {
      const auto n = methods[static_cast<std::size_t>(method) % methods.size()];
      if (n > 0) m.detection.push_back({std::string(engine::to_string(method)), n});
    }
    for (std::size_t i = 0; i < kTraits.size(); ++i) {
      if (traits[i] > 0) m.traits.push_back({kTraits[i].second, traits[i]});
    }
  }
};

void classification(const engine::Snapshot& snapshot, const FlowScope& scope, AnalysisModel& m, std::size_t top) {
  ClassTally tally;
  for (const engine::FlowRow* f : scope.flows) tally.count(*f, m);
  tally.name(snapshot, m, top);
}

void flags_from(const engine::TcpFlagCounts& t, AnalysisModel& m) {
  m.tcp_flags = {{"SYN", t.syn}, {"SYN-ACK", t.syn_ack}, {"ACK", t.ack}, {"PSH", t.psh}, {"FIN", t.fin},
                 {"RST", t.rst}, {"URG", t.urg},         {"ECE", t.ece}, {"CWR", t.cwr}};
}

std::string icmp_label(bool v6, std::uint8_t type, std::uint8_t code) {
  const std::string_view name = icmp_type_name(v6, type);
  std::string text;
  if (v6) text.append("v6 ");
  if (name.empty()) {
    text.append("type");
  } else {
    text.append(name);
  }
  text.append(" ").append(std::to_string(type)).append("/").append(std::to_string(code));
  return text;
}

void packet_level(const engine::Snapshot& snapshot, AnalysisModel& m) {
  const auto& t = snapshot.traffic;
  for (const auto& p : t.protocols) m.protocols.push_back({std::string(p.name.view()), {}, p.bytes, p.packets, 0});
  m.sizes = t.sizes;
  flags_from(t.tcp_flags, m);
  for (const auto& i : t.icmp_types) m.icmp_types.push_back({icmp_label(i.v6, i.type, i.code), i.packets});
}

void flow_level(const FlowScope& scope, AnalysisModel& m, std::size_t top) {
  std::map<std::string, Share> protocols;
  std::map<std::string, std::uint64_t> icmp;
  engine::TcpFlagCounts flags;
  for (const engine::FlowRow* f : scope.flows) {
    const std::string_view proto = engine::protocol_name(f->protocol);
    add(protocols[std::string(proto)], proto, *f);
    for (std::size_t b = 0; b < engine::kSizeBuckets; ++b) m.sizes[b] += f->sizes[b];
    if (f->protocol == 6) {
      const unsigned both = static_cast<unsigned>(f->flags_sent) | f->flags_recv;
      flags.syn += (both & 0x02U) ? 1 : 0;
      flags.syn_ack += (f->flags_recv & 0x12U) == 0x12U ? 1 : 0;
      flags.ack += (both & 0x10U) ? 1 : 0;
      flags.psh += (both & 0x08U) ? 1 : 0;
      flags.fin += (both & 0x01U) ? 1 : 0;
      flags.rst += (both & 0x04U) ? 1 : 0;
      flags.urg += (both & 0x20U) ? 1 : 0;
      flags.ece += (both & 0x40U) ? 1 : 0;
      flags.cwr += (both & 0x80U) ? 1 : 0;
    }
    if (f->protocol == 1 || f->protocol == 58) {
      // ICMP flows carry type in src_port and code in dst_port (Zeek's convention).
      icmp[icmp_label(f->protocol == 58, static_cast<std::uint8_t>(f->src_port.value),
                      static_cast<std::uint8_t>(f->dst_port.value))] += f->packets();
    }
  }
  m.protocols = ranked(protocols, top);
  m.flags_per_flow = true;
  flags_from(flags, m);
  for (const auto& [label, n] : icmp) m.icmp_types.push_back({label, n});
  std::sort(m.icmp_types.begin(), m.icmp_types.end(), [](const Count& a, const Count& b) { return a.value > b.value; });
}

}  // namespace

std::string_view icmp_type_name(bool v6, std::uint8_t type) {
  if (!v6) {
    switch (type) {
      case 0: return "echo reply";
      case 3: return "unreachable";
      case 4: return "source quench";
      case 5: return "redirect";
      case 8: return "echo request";
      case 9: return "router advert";
      case 10: return "router solicit";
      case 11: return "time exceeded";
      case 12: return "parameter problem";
      case 13: return "timestamp";
      case 14: return "timestamp reply";
      default: return "";
    }
  }
  switch (type) {
    case 1: return "unreachable";
    case 2: return "packet too big";
    case 3: return "time exceeded";
    case 4: return "parameter problem";
    case 128: return "echo request";
    case 129: return "echo reply";
    case 130: return "MLD query";
    case 131: return "MLD report";
    case 133: return "router solicit";
    case 134: return "router advert";
    case 135: return "neighbor solicit";
    case 136: return "neighbor advert";
    case 137: return "redirect";
    case 143: return "MLDv2 report";
    default: return "";
  }
}

AnalysisModel build_analysis(const engine::Snapshot& snapshot, const FlowScope& scope, std::size_t top) {
  AnalysisModel m;
  m.selected = scope.selected;
  for (const engine::FlowRow* f : scope.flows) {
    ++m.flows;
    m.bytes += f->bytes();
    m.packets += f->packets();
  }
  classification(snapshot, scope, m, top);
  if (scope.selected) {
    flow_level(scope, m, top);
  } else {
    packet_level(snapshot, m);
  }
  return m;
}

}  // namespace pt::ui
