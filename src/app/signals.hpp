#pragma once
// SIGINT/SIGTERM handling for the whole process. A signal sets a flag and interrupts the
// registered capture source (its interrupt() is async-signal-safe: an atomic store and a
// write() to an eventfd), so a blocked read returns at once. This file holds the only
// process-wide state in the program: signal handlers leave no other choice.

#include "capture/source.hpp"

namespace pt::app {

class SignalScope {
 public:
  SignalScope();   // installs the handlers
  ~SignalScope();  // restores the previous ones
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

  // The source a signal should interrupt (nullptr: none).
  static void watch(capture::Source* source);
  [[nodiscard]] static bool stop_requested();
  [[nodiscard]] static int last_signal();
  static void request_stop();  // as if a signal came (used by the dashboard's quit)
};

}  // namespace pt::app
