#pragma once
// One source's probing within a sliding window of whole seconds of packet time, counted
// exactly: every (protocol, destination port) and every destination host it probed carries the
// second of its latest probe, and a ring of per-second counts knows how many of them fall in
// the window. Ports are counted only while their probes still look like probes: a probe is
//   Pending  - sent, no answer yet; counts once it has waited `settle` seconds unanswered;
//   Quiet    - pending, but counts only on a negative answer (UDP to the traceroute ports);
//   Counted  - refused, reset, unreachable, torn down without data, or a scan-only flag pattern;
//   Excluded - the port served the source (data exchanged) or the probe was a traceroute hop.
// Moving the ring forward drops whole seconds, so entries older than the window stop counting
// without being visited; the maps only grow (amortized, by doubling) up to fixed caps and are
// released when the source goes idle.

#include <cstdint>
#include <vector>

#include "util/ip_address.hpp"
#include "util/time.hpp"

namespace pt::engine {

enum class ProbeState : std::uint8_t { Pending = 0, Quiet = 1, Counted = 2, Excluded = 3 };

// An open-addressing map from a 32-bit key to a small value, doubling up to a cap of slots.
template <typename V>
class ProbeMap {
 public:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFU;
  struct Slot {
    std::uint32_t key = kEmpty;
    V value{};
  };

  // The value for `key`, inserted (value-initialized) if absent; null when the map is at its
  // cap. `inserted` tells which.
  V* find_or_insert(std::uint32_t key, std::size_t max_slots, bool& inserted);
  [[nodiscard]] V* find(std::uint32_t key);
  void release();  // frees the memory
  void clear();    // forgets every key, keeps the memory
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  void grow();
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

struct ScanCounts {
  std::uint32_t ports = 0;
  std::uint32_t hosts = 0;
  std::int64_t span_seconds = 0;  // first to last counted second, inclusive (0: nothing counted)
  std::uint32_t unsettled = 0;    // pending probes still inside the settle time
};

class ScanSource {
 public:
  // Starts over for a new source; keeps small buffers, frees large ones.
  void reset(std::int64_t window_seconds, std::int64_t second);

  // A probe of `port` (udp or tcp) on `target` at `second`, in the given state.
  void probe(const util::IpAddress& target, bool udp, std::uint16_t port, ProbeState state, std::int64_t second,
             std::size_t max_port_slots, std::size_t max_host_slots);
  // What became known about an earlier probe of the port (Counted or Excluded); false when the
  // probe is unknown, outside the window, or already in that or a final state.
  bool resolve(bool udp, std::uint16_t port, ProbeState to);
  // The state of the port's probe in the window, if any (for tests and diagnostics).
  [[nodiscard]] bool state_of(bool udp, std::uint16_t port, ProbeState& state);

  // Counts at `second`: pending probes count once they are `settle_seconds` old.
  ScanCounts evaluate(std::int64_t second, std::int64_t settle_seconds);
  [[nodiscard]] std::int64_t last_second() const { return head_; }
  [[nodiscard]] std::size_t bytes() const { return ports_.bytes() + hosts_.bytes(); }
  void release();  // idle: drop the maps and the ring contents

  // The host that received most probes in the window's lifetime of this source.
  [[nodiscard]] const util::IpAddress& top_target() const { return top_target_; }

 private:
  struct HostValue {
    std::uint32_t second = 0;  // offset from epoch_
    std::uint32_t probes = 0;
  };
  struct Tally {
    std::uint32_t pending = 0;
    std::uint32_t counted = 0;
    std::uint32_t hosts = 0;
  };

  void rotate_to(std::int64_t second);
  [[nodiscard]] bool in_window(std::int64_t second) const { return second <= head_ && second > head_ - window_; }
  Tally& tally(std::int64_t second);
  void add(ProbeState state, std::int64_t second, int delta);
  [[nodiscard]] std::uint32_t offset(std::int64_t second) const;
  [[nodiscard]] std::int64_t second_of(std::uint32_t packed) const { return epoch_ + (packed & kSecondMask); }
  void note_host(const util::IpAddress& target, std::int64_t second, std::size_t max_host_slots);

  static constexpr std::uint32_t kSecondMask = 0x3FFFFFFFU;  // low 30 bits: seconds since epoch_

  ProbeMap<std::uint32_t> ports_;  // (udp << 16 | port) -> state << 30 | second offset
  ProbeMap<HostValue> hosts_;      // address hash -> latest probe second, probes
  std::vector<Tally> ring_;        // one per second of the window
  std::size_t mask_ = 0;
  std::int64_t window_ = 60;
  std::int64_t epoch_ = 0;
  std::int64_t head_ = 0;  // the newest second the ring holds
  Tally total_;
  util::IpAddress top_target_;
  std::uint32_t top_probes_ = 0;
};

}  // namespace pt::engine
