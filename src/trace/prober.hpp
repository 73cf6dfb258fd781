#pragma once
// Runs one traceroute to completion over a ProbeTransport: sends what the TraceRun allows,
// waits for replies until the earliest probe deadline, attributes each reply through its
// quoted header (match_reply), and stops when the run is done or the caller asks it to.
// Runs on the caller's thread (the TraceService's, or the app's for --report); the transport
// never blocks past the next deadline.

#include <functional>
#include <stop_token>

#include "trace/probe_config.hpp"
#include "trace/probe_transport.hpp"
#include "trace/trace_result.hpp"

namespace pt::trace {

class Prober {
 public:
  // Called with the partial result as replies arrive (at most every progress_interval).
  using ProgressFn = std::function<void(const TraceResult&)>;

  // Throws TraceError(InvalidConfig) for a bad config.
  Prober(ProbeTransport& transport, const ProbeConfig& config);

  // Traces target. `started` is the wall-clock start recorded in the result; the finish time is
  // started plus the elapsed transport time. Throws TraceError when the flow cannot be opened
  // (no privilege, family unavailable). A stop request ends it early with status Cancelled.
  TraceResult run(const util::IpAddress& target, util::Timestamp started, std::stop_token stop = {},
                  const ProgressFn& progress = {});

  void set_progress_interval(std::chrono::milliseconds interval) { progress_interval_ = interval; }
  [[nodiscard]] const ProbeConfig& config() const { return config_; }

 private:
  ProbeTransport& transport_;
  ProbeConfig config_;
  std::chrono::milliseconds progress_interval_{50};
};

}  // namespace pt::trace
