// The trackers' per-packet path allocates nothing in a steady state: once every key of the
// traffic has been seen (tables and maps grown), replaying the same traffic later in packet time
// runs without a single heap allocation. Counted by replacing the global operator new in this
// test binary.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <deque>
#include <new>
#include <string>
#include <vector>

#include "engine/device_tracker.hpp"
#include "engine/hop_estimator.hpp"
#include "engine/port_stats.hpp"
#include "engine/scan_detector.hpp"
#include "engine/tracker_test_conversation.hpp"
#include "engine/traffic_stats.hpp"

namespace {
std::atomic<std::size_t> g_allocations{0};  // test-only: counts calls to operator new
}  // namespace

// Every non-aligned form, so each new is paired with its own delete (the aligned forms stay the
// runtime's, new and delete alike).
namespace {
void* counted_allocation(std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* p = counted_allocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counted_allocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_allocation(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_allocation(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace pt::engine {
namespace {

using trackers_test::Conversation;
using trackers_test::FrameStore;
using trackers_test::Step;

struct Recorded {
  Step step;
  FlowRow row;  // the flow as it stood after the packet
};

// Web sessions, DNS, a SYN scan and pings, as (packet, flow row) pairs.
std::vector<Recorded> traffic(FrameStore& frames, std::deque<Conversation>& conversations) {
  std::vector<Recorded> out;
  auto add = [&](const Step& s) { out.push_back({s, s.ctx.flow != nullptr ? *s.ctx.flow : FlowRow{}}); };
  for (int i = 0; i < 200; ++i) {
    auto& c = conversations.emplace_back(frames, "10.0.0." + std::to_string(1 + i % 50),
                                         "93.184.216." + std::to_string(i % 20), static_cast<std::uint16_t>(40000 + i),
                                         i % 2 == 0 ? 443 : 80);
    const double t = 0.01 * i;
    add(c.send(t, test::kSyn));
    add(c.reply(t, test::kSyn | test::kAck));
    add(c.send(t, test::kAck));
    add(c.send(t, test::kPsh | test::kAck, test::Bytes(300, 'q')));
    add(c.reply(t, test::kPsh | test::kAck, test::Bytes(1400, 'r')));
    add(c.send(t, test::kFin | test::kAck));
    auto& dns = conversations.emplace_back(frames, "10.0.0." + std::to_string(1 + i % 50), "10.0.0.53",
                                           static_cast<std::uint16_t>(50000 + i), 53, 17);
    add(dns.send(t, 0, test::bytes_of("query")));
    add(dns.reply(t, 0, test::bytes_of("answer")));
  }
  for (std::uint16_t port = 1; port <= 300; ++port) {
    auto& c = conversations.emplace_back(frames, "10.6.6.6", "10.0.0.9", 54321, port);
    add(c.send(0.005 * port, test::kSyn));
    add(c.reply(0.005 * port, test::kRst | test::kAck));
  }
  return out;
}

TEST(TrackersAllocationTest, SteadyStateRecordingAllocatesNothing) {
  FrameStore frames;
  std::deque<Conversation> conversations;
  auto packets = traffic(frames, conversations);
  TrafficStats traffic_stats;
  PortStats ports;
  ScanDetector scans;
  HopEstimator hops;
  DeviceTracker devices;
  auto pass = [&](util::Duration shift) {
    for (auto& r : packets) {
      packet::Packet p = r.step.packet;
      FlowRow row = r.row;
      p.timestamp += shift;
      row.first_seen += shift;
      row.last_seen += shift;
      const FlowContext ctx{r.step.ctx.flow != nullptr ? &row : nullptr, r.step.ctx.from_initiator,
                            r.step.ctx.new_flow};
      traffic_stats.record(p);
      ports.record(p, ctx);
      scans.record(p, ctx);
      hops.record(p, ctx);
      devices.record(p, ctx);
    }
  };
  const auto start = g_allocations.load();
  pass({});                                     // first sight of every key: tables grow
  EXPECT_GT(g_allocations.load() - start, 0U);  // the counter sees the trackers' growth
  pass(std::chrono::milliseconds(100));
  const auto before = g_allocations.load();
  pass(std::chrono::milliseconds(200));
  pass(std::chrono::milliseconds(300));
  EXPECT_EQ(g_allocations.load() - before, 0U);
  // And the trackers did see it all.
  EXPECT_GT(ports.size(), 300U);
  EXPECT_TRUE(scans.activity(*util::IpAddress::parse("10.6.6.6")).has_value());
  EXPECT_GT(hops.size(), 50U);
  EXPECT_EQ(traffic_stats.packets(), 4U * packets.size());
}

}  // namespace
}  // namespace pt::engine
