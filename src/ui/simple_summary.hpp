#pragma once
// --simple: no keyboard and no screen control, a plain-text summary the app prints every second
// (pipes, dumb terminals, logs). Same numbers as the dashboard, one block per call:
//
//   [14:03:27] eth0 live · 12.3k packets (340 pkt/s) · 22 MB (1.2 Mb/s) · 300 flows · drops 0
//     top flows:
//       TCP 192.168.1.10:40296 > 93.184.216.34:443  86 KB  45 pkts  example.com  TLS
//     top ports: 443/tcp https 4.4k pkts · 80/tcp http 800 pkts
//     scanners: 10.0.0.66 120 ports 24.0/s likely scanner
//     warnings: database unwritable: ...

#include <functional>
#include <string>

#include "engine/snapshot.hpp"
#include "ui/source.hpp"

namespace pt::ui {

using AnnotateFn = std::function<HostLabel(const util::IpAddress&)>;

struct SimpleOptions {
  std::size_t top_flows = 5;
  std::size_t top_ports = 5;
};

// The summary block, ending in '\n'. annotate may be empty (no names shown). Every network
// string in it is sanitized.
std::string simple_summary(const engine::Snapshot& snapshot, const CaptureStatus& status,
                           const AnnotateFn& annotate = {}, SimpleOptions options = {});

}  // namespace pt::ui
