#include "ui/view_state.hpp"

namespace pt::ui {

std::string_view to_string(ProtocolFilter filter) {
  switch (filter) {
    case ProtocolFilter::All: return "All";
    case ProtocolFilter::Tcp: return "TCP";
    case ProtocolFilter::Udp: return "UDP";
    case ProtocolFilter::Icmp: return "ICMP";
  }
  return "";
}

std::string_view to_string(TrafficSort sort) {
  switch (sort) {
    case TrafficSort::Bytes: return "bytes";
    case TrafficSort::Packets: return "packets";
    case TrafficSort::Time: return "time";
  }
  return "";
}

std::string_view to_string(PortSort sort) {
  switch (sort) {
    case PortSort::Bytes: return "bytes";
    case PortSort::Packets: return "packets";
    case PortSort::Connections: return "connections";
    case PortSort::Rate: return "rate";
  }
  return "";
}

void Selection::toggle(const FlowIdentity& f) {
  if (!flows_.erase(f)) flows_.insert(f);
  ++version_;
}

void Selection::add(const FlowIdentity& f) {
  if (flows_.insert(f).second) ++version_;
}

void Selection::remove(const FlowIdentity& f) {
  if (flows_.erase(f) != 0) ++version_;
}

void Selection::clear() {
  if (flows_.empty()) return;
  flows_.clear();
  ++version_;
}

}  // namespace pt::ui
