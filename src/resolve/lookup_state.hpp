#pragma once
// The answer every resolver gives at once: what it knows now, never a wait (the shape of Trippy's
// lazy resolver). Pending means a lookup is queued or in flight; Failed carries a reason so the
// dashboard can tell "no PTR record" from "resolver down" or "queue full".

#include <cstdint>
#include <string_view>

namespace pt::resolve {

enum class LookupState : std::uint8_t {
  Ready,    // an answer is cached (it may still be empty: e.g. an address with no PTR record)
  Pending,  // queued or in flight
  None,     // nothing to look up: local scope, lookups disabled, not requested, no database
  Failed,   // the lookup ran and failed (see the reason); retried after a short back-off
};

enum class FailureReason : std::uint8_t {
  None,
  NoRecord,       // authoritative "no such name / no data" (NXDOMAIN, NODATA): a negative answer
  Timeout,        // no answer in time (DNS_TIMEOUT, WHOIS read timeout)
  Unreachable,    // connection refused, no route, nothing listening
  ServerFailure,  // SERVFAIL, REFUSED, a malformed answer
  QueueFull,      // dropped at the door: the bounded queue was full (counted, never a stall)
  TooLarge,       // an answer over the size cap
  ReferralLoop,   // WHOIS referrals went in a circle or past the hop limit
  RateLimited,    // the provider said "slow down"
};

std::string_view to_string(LookupState state);
std::string_view to_string(FailureReason reason);

}  // namespace pt::resolve
