// Every shared capture, decoded frame by frame, must count the same packets, bytes and protocol
// layers as tshark did (../shared/pcaps-reference/<file>.protocols.json, made by
// make_reference.py: first L3 of ip/ipv6/arp, first transport after it, no defragmentation).
// Where tshark counts differently by design, kExceptions names the file and the reason; an
// exception that no longer differs fails the test, so the table stays honest.

#include <fnmatch.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "capture/file_source.hpp"
#include "packet/decode.hpp"
#include "packet/decode_stats.hpp"
#include "support/corpus.hpp"

namespace pt::packet {
namespace {

namespace fs = std::filesystem;

// The fields compared, in the order the reference names them.
constexpr std::array<std::string_view, 9> kFields{"packets", "bytes", "ipv4",   "ipv6", "tcp",
                                                  "udp",     "icmp",  "icmpv6", "arp"};

struct Counts {
  std::array<std::uint64_t, kFields.size()> values{};
  bool operator==(const Counts&) const = default;
};

struct Exception {
  std::string_view pattern;  // fnmatch pattern on the path relative to pcaps/
  std::string_view reason;
};

// Reasons are named once so the summary groups files by them.
constexpr std::string_view kPcapVersion = "libpcap refuses pcap format version 2.5 (tshark reads it)";
constexpr std::string_view kTsharkRejects =
    "tshark rejects the records (\"record data that TShark doesn't support\": a DSA/Broadcom tag "
    "link type its wiretap lacks, or a record over its size limit); we read and count them";
constexpr std::string_view kSunAtmLength = "tshark's frame.len leaves out the 4-byte SunATM pseudo-header";
constexpr std::string_view kFrameLenClamp = "tshark clamps frame.len at 2^31-1; the record claims more";
constexpr std::string_view kSixLowpan =
    "IPv6 inside 802.15.4 with 6LoWPAN header compression (RFC 6282): tshark decompresses it, we do "
    "not decode 802.15.4";
constexpr std::string_view kHomeAddressOption =
    "a Home Address option (RFC 6275) declared 1 byte long: tshark reads 16 bytes and goes on to UDP, "
    "we follow the option TLV rule of RFC 8200 section 4.2 and call the header malformed";

// Files whose counts differ from tshark's by design. Keep each entry honest: the test fails
// when an entry no longer differs or matches no file.
constexpr std::array<Exception, 24> kExceptions{{
    {"libpcap/pcap-invalid-version-2.pcap", kPcapVersion},
    {"libpcap/filter__brcm-tag-stp.pcap", kTsharkRejects},
    {"libpcap/filter__brcm-tag.pcap", kTsharkRejects},
    {"libpcap/filter__dsa.pcap", kTsharkRejects},
    {"tcpdump/brcm-tag-prepend.pcap", kTsharkRejects},
    {"tcpdump/brcm-tag.pcap", kTsharkRejects},
    {"tcpdump/dsa-high-vid.pcap", kTsharkRejects},
    {"tcpdump/dsa.pcap", kTsharkRejects},
    {"tcpdump/edsa-high-vid.pcap", kTsharkRejects},
    {"tcpdump/edsa.pcap", kTsharkRejects},
    {"tcpdump/frf16_magic_ie-oobr.pcap", kTsharkRejects},
    {"tcpdump/hoobr_juniper3.pcap", kTsharkRejects},
    {"tcpdump/juniper_es_oobr.pcap", kTsharkRejects},
    {"tcpdump/juniper_monitor_invalid_cookie_length.pcap", kTsharkRejects},
    {"tcpdump/kday6.pcap", kTsharkRejects},
    {"tcpdump/vtp_asan.pcap", kTsharkRejects},
    {"tcpdump/vtp_asan-2.pcap", kTsharkRejects},
    {"tcpdump/vtp_asan-3.pcap", kTsharkRejects},
    {"tcpdump/atm-heapoverflow.pcap", kSunAtmLength},
    {"tcpdump/atm-oam-heapoverflow.pcap", kSunAtmLength},
    {"tcpdump/atm-oam-loopback-print-overrun.pcap", kSunAtmLength},
    {"ndpi/fuzz-2021-06-07-c6c72a0a56.pcap", kFrameLenClamp},
    {"tcpdump/802_15_4-data.pcap", kSixLowpan},
    {"zeek/ipv6-mobility-dst-opts.pcap", kHomeAddressOption},
}};

std::optional<std::string_view> exception_for(const std::string& relative) {
  for (const auto& e : kExceptions) {
    if (::fnmatch(std::string(e.pattern).c_str(), relative.c_str(), 0) == 0) return e.reason;
  }
  return std::nullopt;
}

bool is_capture(const fs::path& path) {
  static constexpr std::array<std::string_view, 5> kSkipped{".out", ".md", ".txt", ".tsv", ".json"};
  const auto name = path.filename().string();
  return std::none_of(kSkipped.begin(), kSkipped.end(), [&](auto suffix) { return name.ends_with(suffix); });
}

Counts to_counts(const DecodeStats& s) {
  const auto& p = s.protocols;
  return Counts{{s.packets, s.bytes, p.ipv4, p.ipv6, p.tcp, p.udp, p.icmp, p.icmpv6, p.arp}};
}

struct Decoded {
  Counts counts;
  std::string error;  // why the file could not be (fully) read; empty when it was
};

Decoded decode_file(const fs::path& path) {
  Decoded out;
  DecodeStats stats;
  try {
    capture::FileSource source(path);
    Frame frame;
    Packet packet;
    for (;;) {
      const auto status = source.next(frame);
      if (status != capture::ReadStatus::Frame) {
        if (status == capture::ReadStatus::Error) out.error = source.error();
        break;
      }
      decode(frame, packet);
      stats.record(packet);
    }
  } catch (const capture::CaptureError& e) {
    out.error = e.what();
  }
  out.counts = to_counts(stats);
  return out;
}

std::optional<Counts> read_reference(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded()) return std::nullopt;
  Counts c;
  for (std::size_t i = 0; i < kFields.size(); ++i) c.values[i] = json.value(std::string(kFields[i]), std::uint64_t{0});
  return c;
}

std::string describe(const Counts& ours, const Counts& theirs) {
  std::ostringstream text;
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (ours.values[i] != theirs.values[i]) {
      text << ' ' << kFields[i] << " ours=" << ours.values[i] << " tshark=" << theirs.values[i];
    }
  }
  return text.str();
}

std::vector<fs::path> captures_under(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && is_capture(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ProtocolCounts, EveryCaptureMatchesTshark) {
  const auto found = test::shared_dir();
  if (!found || !fs::is_directory(*found / "pcaps-reference")) {
    GTEST_SKIP() << "no shared captures (set PT_SHARED_DIR to the folder holding pcaps/ and pcaps-reference/)";
  }
  const fs::path shared = *found;
  const auto root = shared / "pcaps";
  std::size_t compared = 0;
  std::size_t exact = 0;
  std::size_t failed = 0;
  std::map<std::string_view, std::vector<std::string>> excepted;
  std::map<std::string_view, std::size_t> pattern_hits;
  for (const auto& path : captures_under(root)) {
    const auto relative = fs::relative(path, root).string();
    const auto reference = read_reference(shared / "pcaps-reference" / (relative + ".protocols.json"));
    if (!reference) {
      ADD_FAILURE() << relative << ": no readable reference " << relative << ".protocols.json";
      continue;
    }
    ++compared;
    const auto ours = decode_file(path);
    const auto exception = exception_for(relative);
    const bool same = ours.counts == *reference;
    if (exception) {
      for (const auto& e : kExceptions) {
        if (::fnmatch(std::string(e.pattern).c_str(), relative.c_str(), 0) == 0) ++pattern_hits[e.pattern];
      }
      if (same) {
        ADD_FAILURE() << relative << ": listed as an exception (" << *exception
                      << ") but now matches tshark; remove it from kExceptions";
      } else {
        excepted[*exception].push_back(relative + ":" + describe(ours.counts, *reference) +
                                       (ours.error.empty() ? "" : " [" + ours.error + "]"));
      }
      continue;
    }
    if (same) {
      ++exact;
    } else {
      ++failed;
      ADD_FAILURE() << relative << ":" << describe(ours.counts, *reference)
                    << (ours.error.empty() ? "" : " [read error: " + ours.error + "]");
    }
  }
  for (const auto& e : kExceptions) {
    if (pattern_hits[e.pattern] == 0) {
      ADD_FAILURE() << "exception pattern '" << e.pattern << "' matches no capture; remove it";
    }
  }
  EXPECT_GT(compared, 0U) << "no capture found under " << root;

  std::size_t excepted_files = 0;
  for (const auto& [reason, files] : excepted) excepted_files += files.size();
  std::cout << "[corpus] files compared: " << compared << ", exact matches: " << exact
            << ", named exceptions: " << excepted_files << ", unexplained differences: " << failed << '\n';
  for (const auto& [reason, files] : excepted) {
    std::cout << "[corpus]   " << files.size() << " x " << reason << '\n';
    for (const auto& f : files) std::cout << "[corpus]       " << f << '\n';
  }
}

}  // namespace
}  // namespace pt::packet
