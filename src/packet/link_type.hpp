#pragma once
// Link-layer header types as libpcap reports them (pcap_datalink), which are DLT_ values.

#include <cstdint>
#include <string_view>

namespace pt::packet {

enum class LinkType : std::uint16_t {
  Null = 0,           // BSD loopback: 4-byte address family in host byte order of the writer
  Ethernet = 1,       // DLT_EN10MB
  Ppp = 9,            // DLT_PPP
  Fddi = 10,          // DLT_FDDI
  Raw = 12,           // DLT_RAW (LINKTYPE_RAW 101 is mapped to it by libpcap)
  RawAlt = 14,        // DLT_RAW on OpenBSD
  AtmClip = 19,       // DLT_ATM_CLIP: Linux classical IP over ATM, bare IPv4
  PppHdlc = 50,       // DLT_PPP_SERIAL
  CiscoHdlc = 104,    // DLT_C_HDLC
  Ieee80211 = 105,    // DLT_IEEE802_11
  FrameRelay = 107,   // DLT_FRELAY
  Loop = 108,         // DLT_LOOP: like Null but the family is big-endian
  LinuxSll = 113,     // DLT_LINUX_SLL
  Radiotap = 127,     // DLT_IEEE802_11_RADIO
  ArcnetLinux = 129,  // DLT_ARCNET_LINUX
  PktapDarwin = 149,
  JuniperEther = 178,  // DLT_JUNIPER_ETHER  // DLT_USER2, which macOS uses for PKTAP
  Ppi = 192,           // DLT_PPI
  Ipnet = 226,         // DLT_IPNET (Solaris)
  Ipv4 = 228,          // DLT_IPV4
  Ipv6 = 229,          // DLT_IPV6
  Nflog = 239,         // DLT_NFLOG
  Ipoib = 242,         // DLT_IPOIB
  Pktap = 258,         // DLT_PKTAP
  LinuxSll2 = 276,     // DLT_LINUX_SLL2
};

// Short lower-case name used in reports ("ethernet", "linux_sll", ...); "other" when not decoded.
std::string_view link_type_name(int dlt);
bool is_supported_link_type(int dlt);

}  // namespace pt::packet
