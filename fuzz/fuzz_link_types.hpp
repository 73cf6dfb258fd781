#pragma once
// The link types fuzz_decode chooses from with its first input byte, shared with the seed
// generator so that every seed names the link type its frame was built for.

#include <array>

#include "packet/link_type.hpp"

namespace pt::fuzz {

using packet::LinkType;

inline constexpr std::array<LinkType, 25> kLinkTypes{
    LinkType::Ethernet,    LinkType::LinuxSll, LinkType::LinuxSll2,    LinkType::Null,        LinkType::Loop,
    LinkType::Raw,         LinkType::RawAlt,   LinkType::Ipv4,         LinkType::Ipv6,        LinkType::AtmClip,
    LinkType::Ppp,         LinkType::PppHdlc,  LinkType::CiscoHdlc,    LinkType::FrameRelay,  LinkType::Nflog,
    LinkType::Ipnet,       LinkType::Ppi,      LinkType::Pktap,        LinkType::PktapDarwin, LinkType::Fddi,
    LinkType::ArcnetLinux, LinkType::Ipoib,    LinkType::JuniperEther, LinkType::Ieee80211,   LinkType::Radiotap,
};

// The selector byte for a link type (its index in kLinkTypes).
constexpr unsigned char selector_for(LinkType link) {
  for (unsigned char i = 0; i < kLinkTypes.size(); ++i) {
    if (kLinkTypes[i] == link) return i;
  }
  return 0;
}

}  // namespace pt::fuzz
