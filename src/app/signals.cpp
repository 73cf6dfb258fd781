#include "app/signals.hpp"

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
}

SignalScope::~SignalScope() {
  g_source.store(nullptr);
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  sigaction(SIGPIPE, &g_old_pipe, nullptr);
}

void SignalScope::watch(capture::Source* source) { g_source.store(source); }
bool SignalScope::stop_requested() { return g_stop.load(); }
int SignalScope::last_signal() { return g_signal.load(); }
void SignalScope::request_stop() { on_signal(0); }

}  // namespace pt::app
