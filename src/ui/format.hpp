#pragma once
// Numbers as people read them in a narrow column: "1.2 MB", "12.3 Mb/s", "4.5k", "3m12s".

#include <chrono>
#include <cstdint>
#include <string>

namespace pt::ui {

std::string human_bytes(std::uint64_t bytes);                 // "0 B", "999 B", "1.2 KB", "15 MB" (powers of 1024)
std::string human_count(std::uint64_t count);                 // "999", "1.2k", "15M"
std::string human_bits_per_second(double bits);               // "0 b/s", "12.3 Mb/s" (powers of 1000, as iftop)
std::string human_rate(double per_second, const char* unit);  // "12.5 pkt/s", "1.2k pkt/s"
std::string human_duration(std::chrono::nanoseconds d);       // "45s", "3m12s", "2h05m", "3d04h"
std::string human_rtt(std::chrono::microseconds rtt);         // "0.42 ms", "12.3 ms", "215 ms"
std::string percent(double fraction);                         // "42%", "0.5%", "<0.1%"

}  // namespace pt::ui
