#include "capture/mapped_pcap.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "capture/file_source.hpp"
#include "support/packet_builder.hpp"

namespace pt::capture {
namespace {

using test::Bytes;

// What one read pass saw: every frame, then how it ended.
struct Pass {
  struct Seen {
    std::int64_t nanos = 0;
    std::uint32_t wire_length = 0;
    int link_type = 0;
    Bytes data;
  };
  std::vector<Seen> frames;
  ReadStatus end = ReadStatus::End;
  std::string error;
};

// An empty filter reads through the mapping; a filter that passes everything makes FileSource
// use libpcap alone, which is the reference.
Pass read_all(const std::filesystem::path& path, const std::string& filter) {
  FileSource source(path, filter);
  Pass pass;
  packet::Frame frame;
  for (;;) {
    const auto status = source.next(frame);
    if (status != ReadStatus::Frame) {
      pass.end = status;
      pass.error = source.error();
      return pass;
    }
    pass.frames.push_back({frame.timestamp.time_since_epoch().count(), frame.wire_length, frame.link_type,
                           Bytes(frame.data.begin(), frame.data.end())});
  }
}

void expect_same_as_libpcap(const std::filesystem::path& path, std::size_t frames) {
  const auto mapped = read_all(path, "");
  const auto reference = read_all(path, "ip or not ip");
  ASSERT_EQ(mapped.frames.size(), frames);
  ASSERT_EQ(reference.frames.size(), frames);
  for (std::size_t i = 0; i < frames; ++i) {
    EXPECT_EQ(mapped.frames[i].nanos, reference.frames[i].nanos) << i;
    EXPECT_EQ(mapped.frames[i].wire_length, reference.frames[i].wire_length) << i;
    EXPECT_EQ(mapped.frames[i].link_type, reference.frames[i].link_type) << i;
    EXPECT_EQ(mapped.frames[i].data, reference.frames[i].data) << i;
  }
  EXPECT_EQ(mapped.end, reference.end);
  EXPECT_EQ(mapped.error, reference.error);
}

Bytes read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::filesystem::path& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void swap32_at(Bytes& b, std::size_t at) { std::swap(b[at], b[at + 3]), std::swap(b[at + 1], b[at + 2]); }

class MappedPcapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("pt_mapped_pcap_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    for (int i = 0; i < 3; ++i) {
      auto frame = test::ethernet(
          test::ipv4("10.0.0.1", "10.0.0.2", 17,
                     test::udp(1000, static_cast<std::uint16_t>(53 + i), Bytes(20U * static_cast<unsigned>(i), 7))));
      records_.push_back({1'700'000'000'123'456'789LL + i * 1'000'000'000LL, frame, 0});
    }
    records_[1].wire_length = 1500;  // cut by the capture: on-wire length differs
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path file(const char* name) const { return dir_ / name; }

  std::filesystem::path dir_;
  std::vector<test::PcapRecord> records_;
};

TEST_F(MappedPcapTest, ReadsMicrosecondFilesAsLibpcapDoes) {
  test::write_pcap(file("micro.pcap"), 1, records_);
  expect_same_as_libpcap(file("micro.pcap"), 3);
  EXPECT_NE(MappedPcap::open(file("micro.pcap"), 1, 262144), nullptr);
}

TEST_F(MappedPcapTest, ReadsNanosecondFilesAsLibpcapDoes) {
  test::write_pcap(file("nano.pcap"), 1, records_, true);
  expect_same_as_libpcap(file("nano.pcap"), 3);
  EXPECT_EQ(read_all(file("nano.pcap"), "").frames[0].nanos, 1'700'000'000'123'456'789LL);
}

TEST_F(MappedPcapTest, ReadsFilesWrittenInTheOtherByteOrder) {
  test::write_pcap(file("host.pcap"), 1, records_);
  auto b = read_file(file("host.pcap"));
  for (const std::size_t at : {0U, 8U, 12U, 16U, 20U}) swap32_at(b, at);
  std::swap(b[4], b[5]);
  std::swap(b[6], b[7]);
  std::size_t at = 24;
  while (at < b.size()) {
    const std::size_t caplen =
        b[at + 8] | std::size_t{b[at + 9]} << 8U | std::size_t{b[at + 10]} << 16U | std::size_t{b[at + 11]} << 24U;
    for (std::size_t field = 0; field < 16; field += 4) swap32_at(b, at + field);
    at += 16 + caplen;
  }
  write_file(file("swapped.pcap"), b);
  ASSERT_NE(MappedPcap::open(file("swapped.pcap"), 1, 262144), nullptr);
  expect_same_as_libpcap(file("swapped.pcap"), 3);
}

TEST_F(MappedPcapTest, AFileCutInsideARecordEndsWithLibpcapsError) {
  test::write_pcap(file("whole.pcap"), 1, records_);
  auto b = read_file(file("whole.pcap"));
  write_file(file("cut_data.pcap"), Bytes(b.begin(), b.end() - 5));
  expect_same_as_libpcap(file("cut_data.pcap"), 2);
  const auto pass = read_all(file("cut_data.pcap"), "");
  EXPECT_EQ(pass.end, ReadStatus::Error);
  EXPECT_NE(pass.error.find("truncated dump file"), std::string::npos) << pass.error;

  const auto last = b.size() - records_[2].data.size() - 16;
  write_file(file("cut_header.pcap"), Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(last + 7)));
  expect_same_as_libpcap(file("cut_header.pcap"), 2);
  EXPECT_NE(read_all(file("cut_header.pcap"), "").error.find("header bytes"), std::string::npos);
}

TEST_F(MappedPcapTest, RecordsOverTheSnapshotLengthAreLeftToLibpcap) {
  test::write_pcap(file("whole.pcap"), 1, records_);
  auto b = read_file(file("whole.pcap"));
  const std::uint32_t snaplen = 60;  // the second and third records are longer
  for (std::size_t i = 0; i < 4; ++i) b[16 + i] = static_cast<std::uint8_t>(snaplen >> (8 * i));
  write_file(file("snap.pcap"), b);
  expect_same_as_libpcap(file("snap.pcap"), 3);
  EXPECT_EQ(read_all(file("snap.pcap"), "").frames[2].data.size(), snaplen);
}

TEST_F(MappedPcapTest, OnlyClassicVersion24FilesAreMapped) {
  test::write_pcap(file("micro.pcap"), 1, records_);
  auto b = read_file(file("micro.pcap"));
  b[6] = 3;  // version 2.3: libpcap may swap caplen and len
  write_file(file("old.pcap"), b);
  EXPECT_EQ(MappedPcap::open(file("old.pcap"), 1, 262144), nullptr);
  EXPECT_EQ(MappedPcap::open(file("micro.pcap"), 220, 262144), nullptr);  // USB: libpcap rewrites headers
  write_file(file("short.pcap"), Bytes(b.begin(), b.begin() + 10));
  EXPECT_EQ(MappedPcap::open(file("short.pcap"), 1, 262144), nullptr);
}

}  // namespace
}  // namespace pt::capture
