#include "ui/views/frame.hpp"

#include <cctype>

#include "ui/flow_identity.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::ui::views {

std::string protocol_label(std::uint8_t ip_protocol) {
  std::string name(engine::protocol_name(ip_protocol));
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (name == "ICMPV6") return "ICMP6";
  return name;
}

std::string endpoint_label(const util::IpAddress& address, util::Port port, std::uint8_t ip_protocol) {
  const bool ports = ip_protocol == 6 || ip_protocol == 17 || ip_protocol == 132;
  std::string text = address.to_string();
  if (!ports) return text;
  if (address.is_v6()) text = "[" + text + "]";
  return text + ":" + std::to_string(port.value);
}

std::string app_label(const engine::Snapshot& snapshot, const engine::Classification& c) {
  if (c.app_protocol == 0 && c.master_protocol == 0) {
    if (c.method == engine::DetectionMethod::Pending) return std::string(kPendingMark);
    if (!c.service.empty()) return util::terminal_safe(c.service.view());
    return "Unknown";
  }
  return util::terminal_safe(snapshot.app_name(c));
}

std::string flow_name(Annotator& names, const engine::FlowRow& row) {
  const util::IpAddress remote = remote_address(row);
  std::string name = names.name(remote);
  if ((name.empty() || name == kPendingMark) && !row.classification.server_name.empty() && remote == row.dst) {
    return util::terminal_safe(row.classification.server_name.view());
  }
  return name;
}

}  // namespace pt::ui::views
