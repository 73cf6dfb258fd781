#include "report/flow_summary.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace pt::report {
namespace {

std::vector<LabelCount> sorted(std::unordered_map<std::string, LabelCount>& by_label) {
  std::vector<LabelCount> out;
  out.reserve(by_label.size());
  for (auto& [label, count] : by_label) out.push_back(std::move(count));
  std::sort(out.begin(), out.end(), [](const LabelCount& a, const LabelCount& b) {
    return a.bytes != b.bytes ? a.bytes > b.bytes : a.label < b.label;
  });
  return out;
}

void add(LabelCount& c, const engine::FlowRow& f) {
  ++c.flows;
  c.packets += f.packets();
  c.bytes += f.bytes();
}

// Counts gathered per protocol or category id are merged under their names (two ids may share
// one name), so the name of each id is made once rather than once per flow.
void merge(std::unordered_map<std::string, LabelCount>& by_label, std::string label, const LabelCount& add) {
  auto& c = by_label[label];
  if (c.label.empty()) c.label = std::move(label);
  c.flows += add.flows;
  c.packets += add.packets;
  c.bytes += add.bytes;
}

}  // namespace

FlowSummary summarize_flows(std::span<const engine::FlowRow> flows, const engine::Snapshot& snapshot) {
  FlowSummary s;
  // Keyed by (master, app) ids and by category id; each entry remembers one flow's classification.
  std::unordered_map<std::uint32_t, std::pair<engine::Classification, LabelCount>> app_ids;
  std::unordered_map<std::uint16_t, std::pair<engine::Classification, LabelCount>> category_ids;
  for (const auto& f : flows) {
    ++s.total_flows;
    s.total_bytes += f.bytes();
    const auto& c = f.classification;
    auto& app =
        app_ids.try_emplace(std::uint32_t{c.master_protocol} << 16U | c.app_protocol, c, LabelCount{}).first->second;
    add(app.second, f);
    add(category_ids.try_emplace(c.category, c, LabelCount{}).first->second.second, f);
    const auto traits = f.classification.traits;
    if ((traits & engine::flow_trait::kEncrypted) != 0) {
      ++s.encrypted_flows;
      s.encrypted_bytes += f.bytes();
    }
    if ((traits & engine::flow_trait::kStreaming) != 0) ++s.streaming_flows;
    if ((traits & engine::flow_trait::kVoip) != 0) ++s.voip_flows;
    if ((traits & engine::flow_trait::kHandshakeOnly) != 0) ++s.handshake_only_flows;
  }
  std::unordered_map<std::string, LabelCount> apps;
  std::unordered_map<std::string, LabelCount> categories;
  for (const auto& [id, entry] : app_ids) merge(apps, snapshot.app_name(entry.first), entry.second);
  for (const auto& [id, entry] : category_ids) {
    merge(categories, std::string(snapshot.category_name(entry.first)), entry.second);
  }
  s.applications = sorted(apps);
  s.categories = sorted(categories);
  return s;
}

std::vector<std::size_t> order_by_bytes(std::span<const engine::FlowRow> flows) {
  std::vector<std::size_t> order(flows.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = flows[a];
    const auto& y = flows[b];
    if (x.bytes() != y.bytes()) return x.bytes() > y.bytes();
    if (x.packets() != y.packets()) return x.packets() > y.packets();
    return x.id < y.id;
  });
  return order;
}

}  // namespace pt::report
