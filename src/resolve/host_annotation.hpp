#pragma once
// Everything the resolution layer knows about one address right now, returned at once by
// Resolver::annotate. Each part carries its own state: Ready (answer cached; maybe empty),
// Pending (queued or in flight), None (not looked up: local scope, lookups off, not requested,
// no database) or Failed (with a reason; retried after a short back-off).

#include <optional>
#include <string>

#include "resolve/geo_info.hpp"
#include "resolve/host_info.hpp"
#include "resolve/lookup_state.hpp"
#include "resolve/ownership_info.hpp"
#include "resolve/passive_dns.hpp"
#include "util/ip_address.hpp"

namespace pt::resolve {

struct HostAnnotation {
  util::IpAddress address;
  util::AddressScope scope = util::AddressScope::Public;
  std::string local_label;  // "Private network", "Loopback", ... for non-public scopes; never looked up

  LookupState geo_state = LookupState::None;
  FailureReason geo_failure = FailureReason::None;
  GeoInfo geo;

  LookupState ptr_state = LookupState::None;
  FailureReason ptr_failure = FailureReason::None;  // NoRecord with Ready: "no PTR" (cached negative answer)
  HostInfo ptr;                                     // from reverse DNS

  std::optional<ObservedRecord> observed;  // the name the traffic used (DNS answer, SNI, Host)
  HostInfo observed_host;

  HostInfo display;  // observed name if any, else the PTR name, else empty

  LookupState whois_state = LookupState::None;  // WHOIS runs on request_whois() only
  FailureReason whois_failure = FailureReason::None;
  OwnershipInfo ownership;  // asn/as_name from the ASN database whenever geo is Ready; the rest from WHOIS

  // The Location column: the local label, else "City, CC", else "".
  [[nodiscard]] std::string location_label() const { return local_label.empty() ? geo.location_label() : local_label; }
};

}  // namespace pt::resolve
