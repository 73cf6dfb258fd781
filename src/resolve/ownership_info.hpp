#pragma once
// Who owns an address (the spec's OwnershipInfo): ASN and AS name come from the ASN database at
// once; org, netname/network and country come from WHOIS on demand.

#include <cstdint>
#include <string>

namespace pt::resolve {

struct OwnershipInfo {
  std::uint32_t asn = 0;
  std::string as_name;  // from the ASN database ("Google LLC")
  std::string org;      // WHOIS OrgName / org-name / owner / descr
  std::string isp;      // best "who runs it" label: org, else as_name
  std::string network;  // "8.8.8.0/24" or "8.8.8.0 - 8.8.8.255"
  std::string netname;  // WHOIS NetName / netname
  std::string country;  // WHOIS country (ISO code as the registry writes it)
  std::string source;   // the WHOIS server that answered last ("whois.arin.net")

  friend bool operator==(const OwnershipInfo&, const OwnershipInfo&) = default;
};

}  // namespace pt::resolve
