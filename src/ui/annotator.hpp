#pragma once
// The dashboard's view of the resolvers: a per-address memo in front of
// DashboardSource::annotate, so a frame over 50,000 flows does a hash lookup per address
// instead of a cross-thread cache read, and every string is sanitized once, at this boundary.
// Pending answers are asked again after a short while, known ones after a longer one, so
// names appear on screen soon after the resolvers find them.

#include <chrono>
#include <cstddef>
#include <vector>

#include "ui/address_index.hpp"
#include "ui/source.hpp"
#include "ui/view_state.hpp"

namespace pt::ui {

struct AnnotatorOptions {
  std::chrono::milliseconds pending_retry{500};
  std::chrono::milliseconds refresh{10'000};
  std::size_t capacity = 131'072;  // addresses memoized before the memo starts over
};

class Annotator {
 public:
  explicit Annotator(DashboardSource& source, AnnotatorOptions options = {}) : source_(source), options_(options) {}

  // The time answers are aged against; the dashboard sets it once per frame.
  void set_now(SteadyTime now) { now_ = now; }
  // Sanitized label; the reference stays valid until the next call.
  const HostLabel& get(const util::IpAddress& address);
  // "city, CC", "CC", the scope label for local addresses, "…" while pending.
  std::string location(const util::IpAddress& address);
  // "AS15169 GOOGLE", "…" while pending.
  std::string owner(const util::IpAddress& address);
  // The FQDN, "…" while pending, empty when none.
  std::string name(const util::IpAddress& address);

 private:
  struct Entry {
    HostLabel label;
    SteadyTime fetched{};
  };

  DashboardSource& source_;
  AnnotatorOptions options_;
  SteadyTime now_{};
  AddressIndex index_;  // address → entries_
  std::vector<Entry> entries_;
};

// Sanitizes every string of a label with util::terminal_safe.
HostLabel sanitized(HostLabel label);

inline constexpr std::string_view kPendingMark = "…";

}  // namespace pt::ui
