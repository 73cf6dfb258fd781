#include "app/signals.hpp"

#include <execinfo.h>
#include <unistd.h>

#include <atomic>
#include <csignal>

namespace pt::app {
namespace {

std::atomic<capture::Source*> g_source{nullptr};
std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
struct sigaction g_old_int {};
struct sigaction g_old_term {};
struct sigaction g_old_pipe {};
std::atomic<SignalScope::FatalHook> g_fatal_hook{nullptr};
std::atomic<void*> g_fatal_context{nullptr};
constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// Gives the terminal back, writes a backtrace to the log's file descriptor 2 fallback, then lets
// the default action happen (core dump) by re-raising with the default handler.
extern "C" void on_fatal_signal(int signo) {
  if (auto hook = g_fatal_hook.load()) hook(g_fatal_context.load());
  void* frames[64];
  const int n = backtrace(frames, 64);
  static constexpr char kHeader[] = "packettracer: fatal signal; backtrace:\n";
  [[maybe_unused]] auto w = ::write(STDERR_FILENO, kHeader, sizeof kHeader - 1);
  backtrace_symbols_fd(frames, n, STDERR_FILENO);
  ::signal(signo, SIG_DFL);
  ::raise(signo);
}

extern "C" void on_signal(int signo) {
  g_signal.store(signo);
  g_stop.store(true);
  if (auto* s = g_source.load()) s->interrupt();
}

}  // namespace

SignalScope::SignalScope() {
  g_stop.store(false);
  g_signal.store(0);
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &g_old_pipe);  // a closed stdout pipe is an error return, not death
  struct sigaction fatal {};
  fatal.sa_handler = on_fatal_signal;
  sigemptyset(&fatal.sa_mask);
  fatal.sa_flags = static_cast<int>(SA_RESETHAND);
  for (const int signo : kFatalSignals) sigaction(signo, &fatal, nullptr);
}

SignalScope::~SignalScope() {
  g_source.store(nullptr);
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  sigaction(SIGPIPE, &g_old_pipe, nullptr);
  g_fatal_hook.store(nullptr);
  for (const int signo : kFatalSignals) ::signal(signo, SIG_DFL);
}

void SignalScope::watch(capture::Source* source) { g_source.store(source); }
const std::atomic<bool>& SignalScope::stop_flag() { return g_stop; }
void SignalScope::on_fatal(FatalHook hook, void* context) {
  g_fatal_context.store(context);
  g_fatal_hook.store(hook);
}
bool SignalScope::stop_requested() { return g_stop.load(); }
int SignalScope::last_signal() { return g_signal.load(); }
void SignalScope::request_stop() { on_signal(0); }

}  // namespace pt::app
