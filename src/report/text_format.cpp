#include "report/text_format.hpp"

#include <array>
#include <cstdio>

namespace pt::report {
namespace {

std::string scaled(double value, double step, const std::array<const char*, 6>& units, const char* fmt_small) {
  std::size_t i = 0;
  while (value >= step && i + 1 < units.size()) {
    value /= step;
    ++i;
  }
  char buf[32];
  if (i == 0) {
    std::snprintf(buf, sizeof buf, fmt_small, value, units[0]);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %s", value, units[i]);
  }
  return buf;
}

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
  return scaled(static_cast<double>(bytes), 1024.0, {"B", "KiB", "MiB", "GiB", "TiB", "PiB"}, "%.0f %s");
}

std::string human_count(std::uint64_t count) {
  if (count < 1000) return std::to_string(count);
  return scaled(static_cast<double>(count), 1000.0, {"", "k", "M", "G", "T", "P"}, "%.0f%s");
}

std::string human_rate_bits(double bits_per_second) {
  return scaled(bits_per_second, 1000.0, {"b/s", "kb/s", "Mb/s", "Gb/s", "Tb/s", "Pb/s"}, "%.0f %s");
}

}  // namespace pt::report
