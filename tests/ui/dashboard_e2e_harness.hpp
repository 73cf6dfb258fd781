#pragma once
// The dashboard end-to-end suites drive the real packettracer binary the way a user does: typed
// into a shell (dash, which leaves the terminal modes alone, so `stty` after the program shows
// what the program left behind) in a private tmux server, inside a network namespace the test
// creates, so nothing the dashboard sends (traceroute probes) can leave this machine. Everything
// is owned by RAII objects: the tmux server, the namespaces and every process left in them, the
// temporary files.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/paths.hpp"
#include "ui/tmux_session.hpp"

namespace pt::ui::e2e {

using namespace std::chrono_literals;
using testing::TmuxSession;

// Generous: ASan start-up plus nDPI initialization on a loaded two-core CI machine.
inline constexpr std::chrono::milliseconds kStartTimeout = 90s;
// One key's effect (the dashboard redraws every 0.1 s).
inline constexpr std::chrono::milliseconds kStepTimeout = 20s;

inline std::string run_command(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) output += buffer.data();
  ::pclose(pipe);
  return output;
}
inline bool run_ok(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

// Empty when this machine can run the suites, else the reason to skip.
inline std::string missing_prerequisite() {
  if (!TmuxSession::available()) return "tmux is not installed";
  if (::geteuid() != 0) return "needs root (network namespaces, raw-socket traceroute)";
  if (!run_ok("ip netns list")) return "ip netns (iproute2) is not available";
  if (!std::filesystem::exists(test::binary_path())) return "no packettracer binary at " + test::binary_path().string();
  return {};
}

inline int unique_number() {
  static int n = 0;
  return ++n;
}

class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("pt-ui-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(unique_number()))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A network namespace owned by the test: lo up, IPv6 off (no router solicitations in the flow
// table), ICMP not rate limited. Removal kills, by pid, whatever still runs inside it.
class Netns {
 public:
  explicit Netns(const std::string& role)
      : name_("ptui" + std::to_string(::getpid()) + "-" + std::to_string(unique_number()) + role) {
    ok_ = run_ok("ip netns add " + name_);
    ok_ = ok_ && run_ok("ip -n " + name_ + " link set lo up") &&
          run_ok(exec("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 "
                      "net.ipv4.icmp_ratelimit=0 net.ipv4.ip_forward=1"));
  }
  ~Netns() {
    for (int round = 0; round < 20; ++round) {
      std::istringstream pids(run_command("ip netns pids " + name_));
      bool any = false;
      for (int pid = 0; pids >> pid;) {
        any = true;
        ::kill(pid, round < 10 ? SIGTERM : SIGKILL);
      }
      if (!any) break;
      ::usleep(100'000);
    }
    run_ok("ip netns del " + name_);
  }
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::string exec(const std::string& command) const { return "ip netns exec " + name_ + " " + command; }

 private:
  std::string name_;
  bool ok_ = false;
};

// Moves the calling thread into a namespace for the object's lifetime (sockets it opens meanwhile
// belong to that namespace).
class EnterNetns {
 public:
  explicit EnterNetns(const std::string& name) {
    original_ = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    const int target = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
    const bool entered = original_ >= 0 && target >= 0 && ::setns(target, CLONE_NEWNET) == 0;
    if (target >= 0) ::close(target);
    if (!entered) throw std::runtime_error("cannot enter network namespace " + name);
  }
  ~EnterNetns() {
    ::setns(original_, CLONE_NEWNET);
    ::close(original_);
  }
  EnterNetns(const EnterNetns&) = delete;
  EnterNetns& operator=(const EnterNetns&) = delete;

 private:
  int original_ = -1;
};

// pid's descendants (children first, breadth-first).
inline std::vector<int> descendants(int pid) {
  std::vector<int> out;
  std::vector<int> queue{pid};
  while (!queue.empty()) {
    const int p = queue.back();
    queue.pop_back();
    std::ifstream children("/proc/" + std::to_string(p) + "/task/" + std::to_string(p) + "/children");
    for (int child = 0; children >> child;) {
      out.push_back(child);
      queue.push_back(child);
    }
  }
  return out;
}

inline std::string process_name(int pid) {
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

// A shell in a private tmux server; commands are typed into it like a user would.
class ShellPane {
 public:
  ShellPane(int width, int height)
      : tmux_("env PS1='ptsh$ ' TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -i", width, height) {}

  [[nodiscard]] bool ready() { return tmux_.started() && tmux_.wait_for("ptsh$", kStepTimeout).has_value(); }
  TmuxSession& tmux() { return tmux_; }

  // Starts a command; wait_exit() gives its exit status.
  void start(const std::string& command) {
    ++runs_;
    tmux_.type_line("clear; " + command + "; echo PT-EXIT-" + std::to_string(runs_) + "=$?");
  }
  std::optional<int> wait_exit(std::chrono::milliseconds timeout = kStepTimeout) {
    const std::regex done("PT-EXIT-" + std::to_string(runs_) + "=([0-9]+)");
    std::smatch m;
    const auto screen = tmux_.wait_until([&](const std::string& s) { return std::regex_search(s, m, done); }, timeout);
    if (!screen) return std::nullopt;
    std::regex_search(*screen, m, done);
    return std::stoi(m[1].str());
  }

  // The terminal's modes as `stty -g` prints them, read from the shell in the pane.
  std::optional<std::string> stty_state() { return shell_value("$(stty -g)", "[0-9a-f:]+"); }
  // The line-discipline flags that matter to a shell, as `stty -a` reports them ("icanon" when
  // set, "-icanon" when not).
  std::set<std::string> stty_flags() {
    const auto flags = shell_value(
        "$(stty -a | tr ' ;' '\\n\\n' | grep -E -x -- '-?(isig|icanon|iexten|echo|echoe|icrnl|ixon|opost|onlcr)' | "
        "tr '\\n' ,)",
        "[-a-z,]+");
    std::set<std::string> out;
    if (!flags) return out;
    std::istringstream in(*flags);
    for (std::string f; std::getline(in, f, ',');) {
      if (!f.empty()) out.insert(f);
    }
    return out;
  }
  // Echo works: a typed command appears on the screen (the terminal echoes it: dash has no line
  // editor) and runs.
  bool echoes() {
    const std::string probe = "echo echo-probe-$((6*" + std::to_string(++runs_) + "))";
    tmux_.type_line(probe);
    return tmux_
        .wait_until(
            [&](const std::string& s) {
              return s.find(probe) != std::string::npos &&
                     s.find("echo-probe-" + std::to_string(6 * runs_) + "\n") != std::string::npos;
            },
            kStepTimeout)
        .has_value();
  }

  // The first descendant of the pane's shell with this process name.
  std::optional<int> find_process(const std::string& name) {
    const auto shell = tmux_.pane_pid();
    if (!shell) return std::nullopt;
    for (const int pid : descendants(*shell)) {
      if (process_name(pid) == name) return pid;
    }
    return std::nullopt;
  }

 private:
  std::optional<std::string> shell_value(const std::string& expression, const std::string& pattern) {
    const std::string key = "VAL-" + std::to_string(++runs_) + "=";
    tmux_.type_line("clear; echo " + key + expression);
    const std::regex value(key + "(" + pattern + ")\n");
    std::smatch m;
    const auto screen =
        tmux_.wait_until([&](const std::string& s) { return std::regex_search(s, m, value); }, kStepTimeout);
    if (!screen) return std::nullopt;
    std::regex_search(*screen, m, value);
    return m[1].str();
  }

  TmuxSession tmux_;
  int runs_ = 0;
};

// The program started by shell.start() exits with status 0 and its farewell line, and the shell
// gets the terminal back exactly as it was (`stty -g` as before), with echo and line editing.
// Returns the screen the program left behind.
inline std::string expect_clean_exit(ShellPane& shell, const std::optional<std::string>& terminal_before) {
  const auto status = shell.wait_exit(kStartTimeout);
  EXPECT_TRUE(status) << shell.tmux().screen();
  if (!status) return {};
  EXPECT_EQ(*status, 0) << shell.tmux().screen();
  const std::string left = shell.tmux().screen();
  EXPECT_NE(left.find("packettracer: "), std::string::npos) << "no farewell line\n" << left;
  EXPECT_EQ(left.find("PacketTracer  1 Traffic"), std::string::npos) << "the dashboard is still shown\n" << left;
  EXPECT_FALSE(shell.tmux().alternate_screen()) << "the alternate screen is still on";
  EXPECT_TRUE(shell.tmux().cursor_visible()) << "the cursor is still hidden";
  EXPECT_EQ(shell.stty_state(), terminal_before);
  const auto flags = shell.stty_flags();
  for (const char* f : {"isig", "icanon", "echo", "icrnl", "opost", "onlcr"}) {
    EXPECT_TRUE(flags.contains(f)) << f << " not restored: " << ::testing::PrintToString(flags);
  }
  EXPECT_TRUE(shell.echoes()) << shell.tmux().screen();
  return left;
}

// While the dashboard runs it owns the terminal: the alternate screen, no cursor. (What
// expect_clean_exit() checks is undone.)
inline void expect_full_screen(TmuxSession& tmux) {
  EXPECT_TRUE(tmux.alternate_screen()) << "the dashboard is not on the alternate screen";
  EXPECT_FALSE(tmux.cursor_visible()) << "the dashboard shows the cursor";
}

// The command line that starts the dashboard inside a namespace, with its state directory
// (default database, log) in state_dir so a test never writes to ~/.packettracer.
inline std::string dashboard_command(const Netns& ns, const std::filesystem::path& state_dir,
                                     const std::vector<std::string>& args) {
  std::string command = "env PACKETTRACER_HOME=" + TmuxSession::quote(state_dir.string()) + " " +
                        ns.exec(TmuxSession::quote(test::binary_path().string()));
  for (const auto& a : args) command += " " + TmuxSession::quote(a);
  return command;
}

}  // namespace pt::ui::e2e
