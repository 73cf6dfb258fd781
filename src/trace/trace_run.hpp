#pragma once
// The probe state machine of one traceroute, free of sockets and clocks: the driver (Prober)
// asks it which probe to send next, hands it replies and the current time, and stops when it
// is done. Probes go out in TTL order, several per hop, at most max_in_flight unanswered at
// once. When the target (or a router declaring it unreachable) answers at TTL t, probes beyond
// t are no longer sent and those in flight are forgotten, so the path ends at the target.

#include <cstdint>
#include <optional>
#include <vector>

#include "trace/probe_config.hpp"
#include "trace/trace_result.hpp"

namespace pt::trace {

class TraceRun {
 public:
  TraceRun(const FlowIdentity& flow, const ProbeConfig& config);

  // The next probe to send at `now`, marked as in flight; nullopt when the in-flight bound is
  // reached or every useful probe is out.
  std::optional<Probe> next_probe(Instant now);
  // The kernel refused to send it: counted as sent and lost at once.
  void on_send_failed(ProbeToken token);
  // A reply attributed to token (see match_reply); false when it changed nothing (late,
  // duplicate, or beyond the end of the path).
  bool on_reply(ProbeToken token, const ProbeReply& reply);
  // Marks probes whose timeout passed as lost; true when any did.
  bool expire(Instant now);

  [[nodiscard]] std::optional<Instant> next_deadline() const;
  [[nodiscard]] bool done() const;
  [[nodiscard]] std::size_t in_flight() const { return in_flight_; }
  [[nodiscard]] const FlowIdentity& flow() const { return flow_; }

  // The hops so far (only probes already sent) and the status: Running until done(), then
  // Reached, Unreachable or NotReached. Times and names are the caller's to fill.
  [[nodiscard]] TraceResult result() const;

 private:
  enum class SlotState : std::uint8_t { Unsent, InFlight, Answered, Lost, Abandoned };
  struct Slot {
    util::Ttl ttl;
    SlotState state = SlotState::Unsent;
    Instant sent_at{};
    Instant deadline{};
    ProbeOutcome outcome;
  };

  void lower_horizon(util::Ttl ttl);
  [[nodiscard]] bool within_horizon(const Slot& s) const { return s.ttl <= horizon_; }

  FlowIdentity flow_;
  ProbeConfig config_;
  std::vector<Slot> slots_;  // indexed by token; token order is send order
  std::size_t next_unsent_ = 0;
  std::size_t in_flight_ = 0;
  util::Ttl horizon_;  // no probe beyond this TTL matters
};

}  // namespace pt::trace
