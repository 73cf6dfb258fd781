#pragma once
// The capture interfaces libpcap can open (pcap_findalldevs), for --list and the default choice.

#include <optional>
#include <string>
#include <vector>

namespace pt::capture {

struct InterfaceInfo {
  std::string name;
  std::string description;
  std::vector<std::string> addresses;  // "10.0.0.2/24", "fe80::1/64"
  bool up = false;
  bool running = false;
  bool loopback = false;
  bool wireless = false;
  bool pseudo = false;  // "any", nflog, nfqueue, dbus, usbmon, bluetooth: not a network port
};

// Throws CaptureError(Other) when libpcap cannot enumerate devices.
std::vector<InterfaceInfo> list_interfaces();

// The first interface that is up, not loopback, not a pseudo-device, and has an address.
std::optional<std::string> default_interface(const std::vector<InterfaceInfo>& interfaces);

}  // namespace pt::capture
