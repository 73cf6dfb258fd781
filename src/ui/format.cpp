#include "ui/format.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace pt::ui {
namespace {

// One or no decimal so the number keeps at most three significant digits.
std::string scaled(double value, const char* suffix) {
  std::array<char, 32> buf{};
  if (value < 9.95) {
    std::snprintf(buf.data(), buf.size(), "%.1f%s", value, suffix);
  } else {
    std::snprintf(buf.data(), buf.size(), "%.0f%s", value, suffix);
  }
  return buf.data();
}

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
  static constexpr std::array<const char*, 6> kUnits{" KB", " MB", " GB", " TB", " PB", " EB"};
  if (bytes < 1000) return std::to_string(bytes) + " B";
  double v = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (v >= 999.5 && unit + 1 < kUnits.size()) {
    v /= 1024.0;
    ++unit;
  }
  return scaled(v, kUnits[unit]);
}

std::string human_count(std::uint64_t count) {
  static constexpr std::array<const char*, 5> kUnits{"k", "M", "G", "T", "P"};
  if (count < 1000) return std::to_string(count);
  double v = static_cast<double>(count) / 1000.0;
  std::size_t unit = 0;
  while (v >= 999.5 && unit + 1 < kUnits.size()) {
    v /= 1000.0;
    ++unit;
  }
  return scaled(v, kUnits[unit]);
}

std::string human_bits_per_second(double bits) {
  static constexpr std::array<const char*, 5> kUnits{" Kb/s", " Mb/s", " Gb/s", " Tb/s", " Pb/s"};
  if (!(bits >= 0)) bits = 0;  // also catches NaN
  if (bits < 999.5) return std::to_string(static_cast<std::uint64_t>(std::lround(bits))) + " b/s";
  double v = bits / 1000.0;
  std::size_t unit = 0;
  while (v >= 999.5 && unit + 1 < kUnits.size()) {
    v /= 1000.0;
    ++unit;
  }
  return scaled(v, kUnits[unit]);
}

std::string human_rate(double per_second, const char* unit) {
  if (!(per_second >= 0)) per_second = 0;
  std::string number;
  if (per_second < 99.95) {
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.1f", per_second);
    number = buf.data();
  } else {
    number = human_count(static_cast<std::uint64_t>(std::llround(per_second)));
  }
  return number + " " + unit;
}

std::string human_duration(std::chrono::nanoseconds d) {
  using std::chrono::duration_cast;
  const auto total = duration_cast<std::chrono::seconds>(d).count();
  std::array<char, 32> buf{};
  if (total < 0) return "0s";
  if (total < 60) {
    std::snprintf(buf.data(), buf.size(), "%llds", static_cast<long long>(total));
  } else if (total < 3600) {
    std::snprintf(buf.data(), buf.size(), "%lldm%02llds", static_cast<long long>(total / 60),
                  static_cast<long long>(total % 60));
  } else if (total < 86400) {
    std::snprintf(buf.data(), buf.size(), "%lldh%02lldm", static_cast<long long>(total / 3600),
                  static_cast<long long>((total % 3600) / 60));
  } else {
    std::snprintf(buf.data(), buf.size(), "%lldd%02lldh", static_cast<long long>(total / 86400),
                  static_cast<long long>((total % 86400) / 3600));
  }
  return buf.data();
}

std::string human_rtt(std::chrono::microseconds rtt) {
  const double ms = static_cast<double>(rtt.count()) / 1000.0;
  std::array<char, 32> buf{};
  if (ms < 9.995) {
    std::snprintf(buf.data(), buf.size(), "%.2f ms", ms);
  } else if (ms < 99.95) {
    std::snprintf(buf.data(), buf.size(), "%.1f ms", ms);
  } else {
    std::snprintf(buf.data(), buf.size(), "%.0f ms", ms);
  }
  return buf.data();
}

std::string percent(double fraction) {
  if (!(fraction > 0)) return "0%";
  const double p = fraction * 100.0;
  std::array<char, 16> buf{};
  if (p < 0.1) return "<0.1%";
  if (p < 9.95) {
    std::snprintf(buf.data(), buf.size(), "%.1f%%", p);
  } else {
    std::snprintf(buf.data(), buf.size(), "%.0f%%", p);
  }
  return buf.data();
}

}  // namespace pt::ui
