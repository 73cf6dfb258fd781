#include "packet/link_type.hpp"

namespace pt::packet {

std::string_view link_type_name(int dlt) {
  switch (static_cast<LinkType>(dlt)) {
    case LinkType::Null: return "null";
    case LinkType::Ethernet: return "ethernet";
    case LinkType::Ppp: return "ppp";
    case LinkType::Fddi: return "fddi";
    case LinkType::AtmClip: return "atm_clip";
    case LinkType::FrameRelay: return "frame_relay";
    case LinkType::ArcnetLinux: return "arcnet_linux";
    case LinkType::PktapDarwin:
    case LinkType::Pktap: return "pktap";
    case LinkType::Ppi: return "ppi";
    case LinkType::Ipnet: return "ipnet";
    case LinkType::Ipoib: return "ipoib";
    case LinkType::JuniperEther: return "juniper_ether";
    case LinkType::Raw:
    case LinkType::RawAlt: return "raw";
    case LinkType::PppHdlc: return "ppp_hdlc";
    case LinkType::CiscoHdlc: return "cisco_hdlc";
    case LinkType::Ieee80211: return "ieee802_11";
    case LinkType::Loop: return "loop";
    case LinkType::LinuxSll: return "linux_sll";
    case LinkType::Radiotap: return "ieee802_11_radiotap";
    case LinkType::Ipv4: return "ipv4";
    case LinkType::Ipv6: return "ipv6";
    case LinkType::Nflog: return "nflog";
    case LinkType::LinuxSll2: return "linux_sll2";
  }
  return "other";
}

bool is_supported_link_type(int dlt) { return link_type_name(dlt) != "other"; }

}  // namespace pt::packet
