#include "ui/keymap.hpp"

#include <array>

namespace pt::ui {
namespace {

constexpr Key ch(char32_t c) { return Key::character(c); }
constexpr Key sp(KeyCode c) { return Key::special(c); }

constexpr std::array kGlobal{
    Binding{ch(U'1'), Command::ShowTraffic, "1", "Traffic view"},
    Binding{ch(U'2'), Command::ShowPaths, "2", "Paths view"},
    Binding{ch(U'3'), Command::ShowStats, "3", "Stats view"},
    Binding{ch(U'4'), Command::ShowAnalysis, "4", "Analysis view"},
    Binding{ch(U'5'), Command::ShowPorts, "5", "Ports view"},
    Binding{ch(U'p'), Command::TogglePause, "p", "Pause / resume capture"},
    Binding{ch(U't'), Command::Trace, "t", "Traceroute to selected (or cursor) destinations"},
    Binding{ch(U'?'), Command::ToggleHelp, "?", "Show / hide this help"},
    Binding{ch(U'q'), Command::Quit, "q", "Quit"},
};

// Navigation shared by the views that have a list.
constexpr std::array kNavigation{
    Binding{sp(KeyCode::Up), Command::CursorUp, "↑", "Move up"},
    Binding{sp(KeyCode::Down), Command::CursorDown, "↓", "Move down"},
    Binding{sp(KeyCode::PageUp), Command::PageUp, "PgUp", "Page up"},
    Binding{sp(KeyCode::PageDown), Command::PageDown, "PgDn", "Page down"},
    Binding{sp(KeyCode::Home), Command::Home, "Home", "First row"},
    Binding{sp(KeyCode::End), Command::End, "End", "Last row"},
};

template <std::size_t A, std::size_t B>
constexpr std::array<Binding, A + B> join(const std::array<Binding, A>& a, const std::array<Binding, B>& b) {
  std::array<Binding, A + B> out{};
  for (std::size_t i = 0; i < A; ++i) out[i] = a[i];
  for (std::size_t i = 0; i < B; ++i) out[A + i] = b[i];
  return out;
}

constexpr auto kTraffic =
    join(kNavigation,
         std::array{
             Binding{ch(U'k'), Command::CursorUp, "k", "Move up (vi)"},
             Binding{ch(U'j'), Command::CursorDown, "j", "Move down (vi)"},
             Binding{ch(U' '), Command::ToggleMark, "Space", "Select / deselect the flow (or destination)"},
             Binding{sp(KeyCode::Enter), Command::TraceCursor, "Enter", "Traceroute to the cursor's destination"},
             Binding{ch(U'/'), Command::PromptIpFilter, "/", "Filter by IP (or name) substring"},
             Binding{ch(U':'), Command::PromptPortFilter, ":", "Filter by port number"},
             Binding{ch(U'f'), Command::CycleProtocol, "f", "Protocol filter: All / TCP / UDP / ICMP"},
             Binding{ch(U's'), Command::CycleSort, "s", "Sort: bytes / packets / time"},
             Binding{ch(U'g'), Command::ToggleGroup, "g", "Flows / destinations view"},
             Binding{ch(U'l'), Command::ToggleLocal, "l", "Show / hide local traffic"},
             Binding{ch(U'a'), Command::MarkAll, "a", "Select all shown flows"},
             Binding{ch(U'c'), Command::ClearAll, "c", "Clear filters and selection"},
         });

constexpr std::array kPaths{
    Binding{sp(KeyCode::Up), Command::CursorUp, "↑", "Previous trace"},
    Binding{sp(KeyCode::Down), Command::CursorDown, "↓", "Next trace"},
    Binding{ch(U's'), Command::TraceMarked, "s", "Trace the selected flows' destinations"},
    Binding{ch(U'r'), Command::RefreshTraces, "r", "Refresh traces"},
    Binding{ch(U'c'), Command::ClearTraces, "c", "Clear traces"},
};

constexpr auto kPorts =
    join(kNavigation, std::array{
                          Binding{ch(U's'), Command::CyclePortSort, "s", "Sort: bytes / packets / connections / rate"},
                      });

Command find(std::span<const Binding> table, Key key) {
  for (const auto& b : table) {
    if (b.key == key) return b.command;
  }
  return Command::None;
}

}  // namespace

std::span<const Binding> global_bindings() { return kGlobal; }

std::span<const Binding> view_bindings(View view) {
  switch (view) {
    case View::Traffic: return kTraffic;
    case View::Paths: return kPaths;
    case View::Ports: return kPorts;
    case View::Stats:
    case View::Analysis: return {};
  }
  return {};
}

Command command_for(View view, Key key) {
  if (key.code == KeyCode::Char && key.ch >= U'A' && key.ch <= U'Z') {
    key.ch = key.ch - U'A' + U'a';  // Caps Lock should not make the dashboard deaf
  }
  if (const Command c = find(view_bindings(view), key); c != Command::None) return c;
  if (key.code == KeyCode::Escape) return Command::None;
  return find(global_bindings(), key);
}

std::string_view to_string(View view) {
  switch (view) {
    case View::Traffic: return "Traffic";
    case View::Paths: return "Paths";
    case View::Stats: return "Stats";
    case View::Analysis: return "Analysis";
    case View::Ports: return "Ports";
  }
  return "";
}

}  // namespace pt::ui
