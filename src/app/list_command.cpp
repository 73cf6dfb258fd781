#include "app/list_command.hpp"

#include <fmt/format.h>

#include "capture/interface_list.hpp"
#include "capture/source.hpp"

namespace pt::app {

int list_interfaces_command(std::ostream& out, std::ostream& err) {
  std::vector<capture::InterfaceInfo> interfaces;
  try {
    interfaces = capture::list_interfaces();
  } catch (const capture::CaptureError& e) {
    err << "packettracer: " << e.what() << "\n";
    return 1;
  }
  const auto chosen = capture::default_interface(interfaces);
  out << fmt::format("{:<2}{:<18} {:<22} {}\n", "", "INTERFACE", "FLAGS", "ADDRESSES / DESCRIPTION");
  for (const auto& i : interfaces) {
    std::string flags = i.up ? "up" : "down";
    if (i.running) flags += ",running";
    if (i.loopback) flags += ",loopback";
    if (i.wireless) flags += ",wireless";
    if (i.pseudo) flags += ",pseudo";
    std::string detail;
    for (const auto& a : i.addresses) detail += (detail.empty() ? "" : " ") + a;
    if (!i.description.empty()) detail += (detail.empty() ? "" : "  ") + ("(" + i.description + ")");
    const bool is_default = chosen && *chosen == i.name;
    out << fmt::format("{:<2}{:<18} {:<22} {}\n", is_default ? "*" : "", i.name, flags, detail);
  }
  out << "\n* = default capture interface\n";
  return 0;
}

}  // namespace pt::app
