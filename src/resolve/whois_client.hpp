#pragma once
// One WHOIS exchange (RFC 3912): connect to TCP port 43, send the query and CRLF, read until the
// server closes. Blocking with hard limits (connect timeout, total read deadline, size cap), so
// it runs only on the WHOIS worker thread, never on a caller's.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "resolve/lookup_state.hpp"

namespace pt::resolve {

struct WhoisLimits {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds read_timeout{5000};  // for the whole answer
  std::size_t max_answer_bytes = std::size_t{64} * 1024;
  // When set and true, waits end early (shutdown must not sit out a slow registry).
  const std::atomic<bool>* cancel = nullptr;
};

struct WhoisFetch {
  FailureReason failure = FailureReason::None;
  std::string text;  // raw bytes as received (the parser sanitizes)
};

// host is a name or an address literal; names are resolved with getaddrinfo and each address is
// tried in turn.
WhoisFetch whois_fetch(const std::string& host, std::uint16_t port, std::string_view query, const WhoisLimits& limits);

}  // namespace pt::resolve
