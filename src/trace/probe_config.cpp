#include "trace/probe_config.hpp"

#include <string>

#include "trace/probe_encoder.hpp"
#include "trace/trace_error.hpp"

namespace pt::trace {

void validate(const ProbeConfig& c) {
  auto fail = [](const std::string& what) { throw TraceError(TraceErrorKind::InvalidConfig, what); };
  if (c.max_hops < 1 || c.max_hops > 64) fail("max hops must be between 1 and 64");
  if (c.first_ttl < 1 || c.first_ttl > c.max_hops) fail("first TTL must be between 1 and max hops");
  if (c.probes_per_hop < 1 || c.probes_per_hop > 10) fail("probes per hop must be between 1 and 10");
  if (c.probe_timeout < std::chrono::milliseconds(10) || c.probe_timeout > std::chrono::seconds(60)) {
    fail("probe timeout must be between 10 ms and 60 s");
  }
  if (c.max_in_flight < 1 || c.max_in_flight > 256) fail("probes in flight must be between 1 and 256");
  static_assert(std::size_t{64} * 10 <= kMaxProbesPerTrace, "every probe of a trace needs its own token");
}

util::Port effective_port(const ProbeConfig& config) {
  if (config.dst_port.value != 0) return config.dst_port;
  return config.protocol == ProbeProtocol::Tcp ? kDefaultTcpPort : kDefaultUdpPort;
}

}  // namespace pt::trace
