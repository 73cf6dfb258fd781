#pragma once
// Reads the "key: value" text the registries answer on TCP port 43 (RFC 3912 defines only the
// transport; each registry has its own keys). Understands IANA (refer:, whois:), ARIN (NetRange,
// CIDR, NetName, OrgName, Country, ReferralServer), the RIPE-style objects of RIPE, APNIC and
// AFRINIC (inetnum/inet6num, netname, descr, org-name, country) and LACNIC (inetnum, owner,
// country). Every value is sanitized with util::terminal_safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pt::resolve {

struct WhoisReferral {
  std::string host;
  std::uint16_t port = 43;
};

struct WhoisAnswer {
  std::string network;  // CIDR when given, else the range "a - b"
  std::string netname;
  std::string org;
  std::string country;
  std::uint32_t origin_asn = 0;  // ARIN OriginAS / RIPE route origin / LACNIC aut-num
  std::optional<WhoisReferral> referral;

  [[nodiscard]] bool has_network_data() const { return !network.empty() || !netname.empty() || !org.empty(); }
};

WhoisAnswer parse_whois(std::string_view text);

}  // namespace pt::resolve
