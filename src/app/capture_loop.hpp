#pragma once
// The capture thread's loop: frames from a Source are decoded on the stack and handed to the
// engine. An idle live capture ticks the engine with the wall clock, so flows expire and views
// move even when nothing arrives. Replays may be paced and paused.

#include <atomic>
#include <chrono>
#include <string>

#include "capture/source.hpp"
#include "engine/engine.hpp"

namespace pt::app {

struct LoopOptions {
  double duration_seconds = 0;  // live: stop after this long (0 = no limit)
  double replay_speed = 0;      // file: 0 = as fast as possible, 1 = real time
};

struct LoopResult {
  bool error = false;  // the source failed (the message says why)
  std::string message;
  std::uint64_t frames = 0;
};

class CaptureLoop {
 public:
  CaptureLoop(capture::Source& source, engine::Engine& engine, LoopOptions options);

  // Runs until the source ends, fails, stop() is called or the duration passes. Does not call
  // engine.finish(): the caller decides (a replay dashboard keeps its flows on screen).
  LoopResult run();
  // Thread-safe.
  void stop();
  void set_paused(bool paused) { paused_.store(paused, std::memory_order_relaxed); }
  [[nodiscard]] bool paused() const { return paused_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t frames() const { return frames_.load(std::memory_order_relaxed); }
  [[nodiscard]] bool running() const { return running_.load(std::memory_order_relaxed); }

 private:
  void pace(util::Timestamp packet_time);
  bool wait_while_paused();

  capture::Source& source_;
  engine::Engine& engine_;
  LoopOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> paused_{false};
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> frames_{0};
  // Replay pacing: the first packet's time mapped to the wall clock at that moment.
  bool pacing_started_ = false;
  util::Timestamp first_packet_{};
  std::chrono::steady_clock::time_point first_wall_{};
};

}  // namespace pt::app
