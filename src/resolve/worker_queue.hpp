#pragma once
// One background thread fed through a bounded queue: submit() never waits (a full queue refuses
// and counts the drop), the thread runs the handler for each job in order. The Resolver runs its
// local lookups (mmdb, persistent cache) and WHOIS through these.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <thread>
#include <utility>

#include "util/bounded_queue.hpp"

namespace pt::resolve {

template <typename Job>
class WorkerQueue {
 public:
  WorkerQueue(std::size_t capacity, std::function<void(Job&)> handler)
      : queue_(capacity), handler_(std::move(handler)) {}
  ~WorkerQueue() { stop(); }
  WorkerQueue(const WorkerQueue&) = delete;
  WorkerQueue& operator=(const WorkerQueue&) = delete;

  void start() {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] { run(); });
  }
  bool submit(Job job) { return queue_.try_push(std::move(job)); }
  // Jobs not started yet are discarded; the one running finishes first.
  void stop() {
    stopping_.store(true);
    queue_.close();
    if (thread_.joinable()) thread_.join();
  }
  // Set by stop(): long-running handlers may watch it to give up early.
  [[nodiscard]] const std::atomic<bool>& stopping() const { return stopping_; }
  [[nodiscard]] std::size_t queued() const { return queue_.size(); }
  [[nodiscard]] bool busy() const { return busy_.load() || queue_.size() != 0; }
  [[nodiscard]] std::uint64_t dropped() const { return queue_.dropped(); }
  [[nodiscard]] std::uint64_t processed() const { return processed_.load(); }

 private:
  void run() {
    while (true) {
      busy_.store(false);
      auto job = queue_.pop_for(std::chrono::milliseconds(200));
      if (stopping_.load()) return;
      if (!job) continue;
      busy_.store(true);
      handler_(*job);
      processed_.fetch_add(1);
    }
  }

  util::BoundedQueue<Job> queue_;
  std::function<void(Job&)> handler_;
  std::atomic<bool> busy_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> processed_{0};
  std::thread thread_;
};

}  // namespace pt::resolve
