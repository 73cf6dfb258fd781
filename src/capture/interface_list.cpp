#include "capture/interface_list.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>

#include <array>
#include <bit>

#include "capture/source.hpp"

namespace pt::capture {
namespace {

bool is_pseudo(const std::string& name) {
  static constexpr std::array<std::string_view, 8> kPrefixes{"any",    "nflog",     "nfqueue", "dbus",
                                                             "usbmon", "bluetooth", "ifb",     "dummy"};
  for (auto p : kPrefixes) {
    if (name.starts_with(p)) return true;
  }
  return false;
}

int prefix_length(const sockaddr* netmask) {
  if (netmask == nullptr) return -1;
  if (netmask->sa_family == AF_INET) {
    const auto* m = reinterpret_cast<const sockaddr_in*>(netmask);
    return std::popcount(static_cast<std::uint32_t>(m->sin_addr.s_addr));
  }
  if (netmask->sa_family == AF_INET6) {
    const auto* m = reinterpret_cast<const sockaddr_in6*>(netmask);
    int bits = 0;
    for (auto b : m->sin6_addr.s6_addr) bits += std::popcount(static_cast<unsigned>(b));
    return bits;
  }
  return -1;
}

std::string address_text(const pcap_addr* a) {
  if (a->addr == nullptr) return {};
  char buf[INET6_ADDRSTRLEN] = {};
  if (a->addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a->addr)->sin_addr, buf, sizeof buf);
  } else if (a->addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a->addr)->sin6_addr, buf, sizeof buf);
  } else {
    return {};
  }
  std::string text = buf;
  if (const int bits = prefix_length(a->netmask); bits >= 0) text += "/" + std::to_string(bits);
  return text;
}

}  // namespace

std::vector<InterfaceInfo> list_interfaces() {
  pcap_if_t* devices = nullptr;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  if (pcap_findalldevs(&devices, errbuf) != 0) {
    throw CaptureError(CaptureErrorKind::Other, std::string("cannot list interfaces: ") + errbuf);
  }
  std::vector<InterfaceInfo> out;
  for (const pcap_if_t* d = devices; d != nullptr; d = d->next) {
    InterfaceInfo info;
    info.name = d->name;
    info.description = d->description != nullptr ? d->description : "";
    info.up = (d->flags & PCAP_IF_UP) != 0;
    info.running = (d->flags & PCAP_IF_RUNNING) != 0;
    info.loopback = (d->flags & PCAP_IF_LOOPBACK) != 0;
    info.wireless = (d->flags & PCAP_IF_WIRELESS) != 0;
    info.pseudo = is_pseudo(info.name);
    for (const pcap_addr* a = d->addresses; a != nullptr; a = a->next) {
      if (auto text = address_text(a); !text.empty()) info.addresses.push_back(std::move(text));
    }
    out.push_back(std::move(info));
  }
  pcap_freealldevs(devices);
  return out;
}

std::optional<std::string> default_interface(const std::vector<InterfaceInfo>& interfaces) {
  for (const auto& i : interfaces) {
    if (i.up && !i.loopback && !i.pseudo && !i.addresses.empty()) return i.name;
  }
  return std::nullopt;
}

}  // namespace pt::capture
