#pragma once
// Time as the engine sees it: packet timestamps with nanosecond resolution. The engine's clock
// is the newest packet time, so a replay gives the same numbers as the live capture did.

#include <chrono>
#include <cstdint>

namespace pt::util {

using Duration = std::chrono::nanoseconds;
using Timestamp = std::chrono::time_point<std::chrono::system_clock, Duration>;

constexpr Timestamp from_unix_nanos(std::int64_t nanos) { return Timestamp{Duration{nanos}}; }
constexpr std::int64_t to_unix_nanos(Timestamp t) { return t.time_since_epoch().count(); }
constexpr double to_unix_seconds(Timestamp t) { return static_cast<double>(to_unix_nanos(t)) / 1e9; }
constexpr double to_seconds(Duration d) { return static_cast<double>(d.count()) / 1e9; }
constexpr Timestamp from_unix_seconds(double seconds) {
  return Timestamp{Duration{static_cast<std::int64_t>(seconds * 1e9)}};
}
inline Timestamp wall_clock_now() { return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()); }

}  // namespace pt::util
