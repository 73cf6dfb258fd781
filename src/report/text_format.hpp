#pragma once
// Human-readable quantities shared by the text report and the --simple summary.

#include <cstdint>
#include <string>

namespace pt::report {

std::string human_bytes(std::uint64_t bytes);         // "1.4 MiB"
std::string human_count(std::uint64_t count);         // "12.3k"
std::string human_rate_bits(double bits_per_second);  // "8.2 Mb/s"

}  // namespace pt::report
