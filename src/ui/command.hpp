#pragma once
// What a key means. Keys map to commands per view (keymap.hpp); commands are carried out by
// the controller. No code compares raw keys outside the keymap and the prompt editor.

#include <cstdint>
#include <string_view>

namespace pt::ui {

enum class View : std::uint8_t { Traffic, Paths, Stats, Analysis, Ports };
inline constexpr int kViewCount = 5;
std::string_view to_string(View view);

enum class Command : std::uint8_t {
  None,
  // Global (spec "Keyboard Controls": Global)
  ShowTraffic,
  ShowPaths,
  ShowStats,
  ShowAnalysis,
  ShowPorts,
  TogglePause,
  Trace,  // t: selected flows' destinations, else the cursor flow's
  Quit,
  ToggleHelp,
  // Navigation (Traffic flows/destinations, Paths traces, Ports table)
  CursorUp,
  CursorDown,
  PageUp,
  PageDown,
  Home,
  End,
  // Traffic view
  ToggleMark,        // Space
  TraceCursor,       // Enter
  PromptIpFilter,    // /
  PromptPortFilter,  // :
  CycleProtocol,     // f
  CycleSort,         // s
  ToggleGroup,       // g
  ToggleLocal,       // l
  MarkAll,           // a
  ClearAll,          // c
  // Paths view
  TraceMarked,    // s
  RefreshTraces,  // r
  ClearTraces,    // c
  // Ports view
  CyclePortSort,  // s
};

}  // namespace pt::ui
