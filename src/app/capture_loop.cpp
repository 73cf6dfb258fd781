#include "app/capture_loop.hpp"

#include <thread>

#include "app/signals.hpp"
#include "packet/decode.hpp"

namespace pt::app {

CaptureLoop::CaptureLoop(capture::Source& source, engine::Engine& engine, LoopOptions options)
    : source_(source), engine_(engine), options_(options) {}

void CaptureLoop::stop() {
  stop_.store(true, std::memory_order_relaxed);
  source_.interrupt();
}

void CaptureLoop::pace(util::Timestamp packet_time) {
  if (options_.replay_speed <= 0 || source_.is_live()) return;
  if (!pacing_started_) {
    pacing_started_ = true;
    first_packet_ = packet_time;
    first_wall_ = std::chrono::steady_clock::now();
    return;
  }
  const auto offset = std::chrono::duration<double>(packet_time - first_packet_) / options_.replay_speed;
  const auto due = first_wall_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(offset);
  // Sleep in short slices so stop() and pause stay responsive on long gaps.
  while (!stop_.load(std::memory_order_relaxed) && std::chrono::steady_clock::now() < due) {
    std::this_thread::sleep_until(std::min(due, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
  }
}

// A paused replay stops reading (nothing is lost: the file waits). Returns false on stop.
bool CaptureLoop::wait_while_paused() {
  if (source_.is_live()) return true;  // live capture keeps counting; only the view freezes
  if (!paused_.load(std::memory_order_relaxed)) return !stop_.load(std::memory_order_relaxed);
  const auto paused_at = std::chrono::steady_clock::now();
  bool waited = false;
  while (paused_.load(std::memory_order_relaxed) && !stop_.load(std::memory_order_relaxed)) {
    waited = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (waited && pacing_started_) first_wall_ += std::chrono::steady_clock::now() - paused_at;
  return !stop_.load(std::memory_order_relaxed);
}

LoopResult CaptureLoop::run() {
  running_.store(true);
  LoopResult result;
  const auto started = std::chrono::steady_clock::now();
  const auto limit = std::chrono::duration<double>(options_.duration_seconds);
  packet::Frame frame;
  packet::Packet packet;
  bool ended_by_source = false;
  while (!stop_.load(std::memory_order_relaxed) && !SignalScope::stop_requested()) {
    if (options_.duration_seconds > 0 && std::chrono::steady_clock::now() - started >= limit) break;
    if (!wait_while_paused()) break;
    const auto status = source_.next(frame);
    if (status == capture::ReadStatus::Frame) {
      packet::decode(frame, packet);
      pace(packet.timestamp);
      engine_.ingest(packet);
      frames_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    if (status == capture::ReadStatus::Timeout) {
      engine_.tick(std::max(engine_.now(), util::wall_clock_now()));
      continue;
    }
    if (status == capture::ReadStatus::Error) {
      result.error = true;
      result.message = source_.error();
    }
    ended_by_source = true;
    break;
  }
  if (!result.error && !ended_by_source && source_.is_live()) {
    // Stopped from outside (--duration, stop(), a signal) rather than by the source: one last
    // call to the interrupted source lets a live one take its final kernel counters for the report.
    source_.interrupt();
    source_.next(frame);
  }
  result.frames = frames_.load();
  running_.store(false);
  return result;
}

}  // namespace pt::app
