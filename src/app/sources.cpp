#include "app/sources.hpp"

#include "capture/file_source.hpp"
#include "capture/interface_list.hpp"
#include "capture/live_source.hpp"

namespace pt::app {

std::unique_ptr<capture::Source> open_source(const Config& config) {
  const auto& c = config.capture;
  if (c.read_file) return std::make_unique<capture::FileSource>(*c.read_file, c.filter);
  capture::LiveOptions live;
  live.interfaces = c.interfaces;
  if (live.interfaces.empty()) {
    const auto chosen = capture::default_interface(capture::list_interfaces());
    if (!chosen) {
      throw capture::CaptureError(capture::CaptureErrorKind::NoSuchDevice,
                                  "no interface to capture on (none is up with an address); pick one with -i "
                                  "(packettracer --list shows them)");
    }
    live.interfaces.push_back(*chosen);
  }
  live.filter = c.filter;
  live.snaplen = c.snaplen;
  live.promiscuous = c.promiscuous;
  live.immediate = c.immediate;
  live.buffer_size = c.buffer_mb * 1024 * 1024;
  return std::make_unique<capture::LiveSource>(std::move(live));
}

}  // namespace pt::app
