#include "capture/pcapng_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "capture/file_source.hpp"
#include "support/packet_builder.hpp"

namespace pt::capture {
namespace {

using test::Bytes;

void put32(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void block(Bytes& file, std::uint32_t type, const Bytes& body) {
  Bytes padded = body;
  while (padded.size() % 4 != 0) padded.push_back(0);
  const auto total = static_cast<std::uint32_t>(padded.size() + 12);
  put32(file, type);
  put32(file, total);
  file.insert(file.end(), padded.begin(), padded.end());
  put32(file, total);
}
Bytes section_header() {
  Bytes b;
  put32(b, 0x1A2B3C4D);
  put16(b, 1);
  put16(b, 0);
  for (int i = 0; i < 8; ++i) b.push_back(0xFF);  // section length unknown
  return b;
}
Bytes interface(std::uint16_t link_type, std::uint32_t snaplen, int tsresol = -1) {
  Bytes b;
  put16(b, link_type);
  put16(b, 0);
  put32(b, snaplen);
  if (tsresol >= 0) {
    put16(b, 9);
    put16(b, 1);
    b.push_back(static_cast<std::uint8_t>(tsresol));
    b.insert(b.end(), 3, 0);
    put16(b, 0);
    put16(b, 0);
  }
  return b;
}
Bytes enhanced_packet(std::uint32_t interface_id, std::uint64_t ts, const Bytes& data) {
  Bytes b;
  put32(b, interface_id);
  put32(b, static_cast<std::uint32_t>(ts >> 32U));
  put32(b, static_cast<std::uint32_t>(ts));
  put32(b, static_cast<std::uint32_t>(data.size()));
  put32(b, static_cast<std::uint32_t>(data.size()));
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

class PcapngReaderTest : public ::testing::Test {
 protected:
  std::filesystem::path write(const Bytes& content) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("pt_pcapng_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) + ".pcapng");
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
    files_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const auto& f : files_) std::filesystem::remove(f);
  }
  // Two interfaces that libpcap 1.10 refuses to mix: Ethernet (us) and Linux SLL (ns).
  Bytes mixed_file() {
    Bytes file;
    block(file, 0x0A0D0D0A, section_header());
    block(file, 1, interface(1, 65535));
    block(file, 1, interface(113, 262144, 9));
    const auto eth = test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, test::udp(1000, 53)));
    const auto sll = test::linux_sll(test::ipv4("10.0.0.3", "10.0.0.4", 6, test::tcp(2000, 80, test::kSyn)));
    block(file, 6, enhanced_packet(0, 1'700'000'000'123'456ULL, eth));
    block(file, 5, Bytes(8, 0));  // an interface statistics block, skipped
    block(file, 6, enhanced_packet(1, 1'700'000'001'000'000'007ULL, sll));
    return file;
  }

  int counter_ = 0;
  std::vector<std::filesystem::path> files_;
};

TEST_F(PcapngReaderTest, ReadsInterfacesOfDifferentLinkTypesWithTheirResolutions) {
  const auto path = write(mixed_file());
  EXPECT_TRUE(PcapngReader::needs_own_reader(path));
  PcapngReader reader(path);
  packet::Frame f;
  ASSERT_EQ(reader.next(f), ReadStatus::Frame);
  EXPECT_EQ(f.link_type, 1);
  EXPECT_EQ(util::to_unix_nanos(f.timestamp), 1'700'000'000'123'456'000LL);  // microseconds by default
  ASSERT_EQ(reader.next(f), ReadStatus::Frame);
  EXPECT_EQ(f.link_type, 113);
  EXPECT_EQ(util::to_unix_nanos(f.timestamp), 1'700'000'001'000'000'007LL);  // if_tsresol 9: nanoseconds
  EXPECT_EQ(reader.next(f), ReadStatus::End);
}

TEST_F(PcapngReaderTest, FileSourceFallsBackAndAppliesTheFilterPerLinkType) {
  const auto path = write(mixed_file());
  FileSource source(path, "tcp");
  packet::Frame f;
  ASSERT_EQ(source.next(f), ReadStatus::Frame);
  EXPECT_EQ(f.link_type, 113);
  EXPECT_EQ(source.next(f), ReadStatus::End);
  EXPECT_EQ(source.counters().received, 1U);
}

TEST_F(PcapngReaderTest, AFileCutShortIsAnErrorThatSaysWhere) {
  auto file = mixed_file();
  file.resize(file.size() - 10);
  const auto path = write(file);
  PcapngReader reader(path);
  packet::Frame f;
  ASSERT_EQ(reader.next(f), ReadStatus::Frame);
  EXPECT_EQ(reader.next(f), ReadStatus::Error);
  EXPECT_NE(reader.error().find("after 1 packets"), std::string::npos) << reader.error();
  EXPECT_NE(reader.error().find("cut short"), std::string::npos) << reader.error();
}

TEST_F(PcapngReaderTest, SingleInterfaceFilesStayWithLibpcap) {
  Bytes file;
  block(file, 0x0A0D0D0A, section_header());
  block(file, 1, interface(1, 65535));
  block(file, 6, enhanced_packet(0, 1, test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, test::udp(1, 2)))));
  EXPECT_FALSE(PcapngReader::needs_own_reader(write(file)));
}

}  // namespace
}  // namespace pt::capture
