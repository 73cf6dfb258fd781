#pragma once
// A host name split the way the views show it (the spec's HostInfo): the full name, its first
// label, and the registrable domain the public suffix list gives ("bbc.co.uk", not "co.uk").

#include <string>

namespace pt::resolve {

struct HostInfo {
  std::string fqdn;          // "server1.us-west-2.compute.amazonaws.com" (lower case, no trailing dot)
  std::string hostname;      // "server1"
  std::string domain;        // "amazonaws.com"; empty when the name has no registrable domain
  std::string display_name;  // fqdn, or "server1…amazonaws.com" when the fqdn is too long to show

  [[nodiscard]] bool empty() const { return fqdn.empty(); }
  friend bool operator==(const HostInfo&, const HostInfo&) = default;
};

}  // namespace pt::resolve
