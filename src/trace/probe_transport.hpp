#pragma once
// Where probes leave and replies come back. The prober's state machine runs against this
// interface only (as Trippy's strategy runs against its Network trait), so it is tested with a
// simulated network and runs for real over raw sockets (RawSocketTransport).

#include <optional>

#include "trace/probe.hpp"
#include "util/strong_types.hpp"

namespace pt::trace {

class ProbeTransport {
 public:
  virtual ~ProbeTransport() = default;

  // The transport's clock: probe send times and reply times are on it.
  [[nodiscard]] virtual Instant now() const = 0;

  // Prepares a flow towards target: picks the local address and, for UDP/TCP, a local port no
  // other socket of this host uses, and for ICMP an identifier. dst_port is used for UDP/TCP.
  // Throws TraceError when the target's family cannot be probed (no privilege, no IPv6).
  virtual FlowIdentity open_flow(const util::IpAddress& target, ProbeProtocol protocol, util::Port dst_port) = 0;
  // Releases what open_flow reserved.
  virtual void close_flow(const FlowIdentity& flow) = 0;

  // Sends one probe of flow with the given TTL / hop limit; never blocks. False when the
  // kernel refused it (no route, buffer full): the probe counts as sent and lost.
  virtual bool send(const FlowIdentity& flow, const Probe& probe) = 0;

  // The next reply that could answer a probe (any flow), waiting at most until deadline.
  // nullopt at the deadline or after interrupt().
  virtual std::optional<ProbeReply> receive(Instant deadline) = 0;

  // Makes a receive() blocked in another thread return at once (thread-safe).
  virtual void interrupt() = 0;
};

}  // namespace pt::trace
