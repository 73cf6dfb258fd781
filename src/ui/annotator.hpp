#pragma once
// The dashboard's view of the resolvers: a per-address memo in front of
// DashboardSource::annotate, so a frame over 50,000 flows does a hash lookup per address
// instead of a cross-thread cache read, and every string is sanitized once, at this boundary.
// Pending answers are asked again after a short while, known ones after a longer one, so
// names appear on screen soon after the resolvers find them.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ui/address_index.hpp"
#include "ui/source.hpp"
#include "ui/view_state.hpp"

namespace pt::ui {

struct AnnotatorOptions {
  std::chrono::milliseconds pending_retry{500};
  std::chrono::milliseconds refresh{10'000};
  std::size_t capacity = 131'072;  // addresses memoized before the memo starts over
  // Answers asked again per frame at most: 36,000 addresses fetched together would make one
  // frame in ten seconds take tens of milliseconds; spread out, each frame pays about one.
  std::size_t refetches_per_frame = 1024;
};

class Annotator {
 public:
  explicit Annotator(DashboardSource& source, AnnotatorOptions options = {}) : source_(source), options_(options) {}

  // The time answers are aged against; the dashboard sets it once per frame.
  void set_now(SteadyTime now) {
    now_ = now;
    refetches_ = 0;
  }
  // Sanitized label; the reference stays valid until the next call.
  const HostLabel& get(const util::IpAddress& address);

  // Where an address's answer sits in the memo. A loop that revisits the same addresses every
  // frame (the Stats view's 36,000 hosts) keeps one per address and skips the address lookup,
  // whose cache and TLB misses were most of that loop's time.
  struct Handle {
    std::uint32_t index = AddressIndex::kNone;
    std::uint32_t generation = 0;
  };
  // As get(address); handle is checked, and refreshed when the memo has started over since.
  const HostLabel& get(const util::IpAddress& address, Handle& handle);
  // "city, CC", "CC", the scope label for local addresses, "…" while pending.
  std::string location(const util::IpAddress& address);
  // "AS15169 GOOGLE", "…" while pending.
  std::string owner(const util::IpAddress& address);
  // The FQDN, "…" while pending, empty when none.
  std::string name(const util::IpAddress& address);

 private:
  struct Entry {
    util::IpAddress address;
    HostLabel label;
    SteadyTime fetched{};
  };
  std::uint32_t find_or_add(const util::IpAddress& address);
  const HostLabel& current(Entry& entry);

  DashboardSource& source_;
  AnnotatorOptions options_;
  SteadyTime now_{};
  std::size_t refetches_ = 0;  // since set_now
  AddressIndex index_;         // address → entries_
  std::vector<Entry> entries_;
  std::uint32_t generation_ = 1;  // bumped each time the memo starts over; stale handles miss
};

// Sanitizes every string of a label with util::terminal_safe.
HostLabel sanitized(HostLabel label);

inline constexpr std::string_view kPendingMark = "…";

}  // namespace pt::ui
