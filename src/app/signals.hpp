#pragma once
// SIGINT/SIGTERM handling for the whole process. A signal sets a flag and interrupts the
// registered capture source (its interrupt() is async-signal-safe: an atomic store and a
// write() to an eventfd), so a blocked read returns at once. This file holds the only
// process-wide state in the program: signal handlers leave no other choice.

#include <atomic>

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
  // The flag a signal raises, for loops that poll it (the dashboard).
  [[nodiscard]] static const std::atomic<bool>& stop_flag();
  // Called from a fatal signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) before the default
  // action: it must be async-signal-safe (the terminal's emergency restore is).
  using FatalHook = void (*)(void* context);
  static void on_fatal(FatalHook hook, void* context);
};

}  // namespace pt::app
