#pragma once
// The Stats view's numbers: traffic by country, owner (AS), protocol, host and registrable
// domain, over all flows or the selected ones. Computed per distinct address (one annotation
// read each), so 50,000 flows to 5,000 hosts cost 5,000 label reads, and grouped by the label's
// own strings (no string is built per address).

#include <cstdint>
#include <string>
#include <vector>

#include "ui/address_index.hpp"
#include "ui/annotator.hpp"
#include "ui/flow_scope.hpp"

namespace pt::ui {

struct Share {
  std::string label;   // "United States", "AS15169 GOOGLE", "tcp", "8.8.8.8", "example.com"
  std::string detail;  // talkers: the host name; domains: hosts count
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
  std::uint64_t flows = 0;
};

struct StatsModel {
  bool selected = false;
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
  std::uint64_t hosts = 0;       // distinct addresses
  std::vector<Share> countries;  // by remote end, bytes descending
  std::vector<Share> owners;
  std::vector<Share> protocols;
  std::vector<Share> talkers;  // every endpoint, local ones too
  std::vector<Share> domains;
  std::uint64_t pending = 0;  // remote addresses still being looked up
};

// Builds StatsModels, keeping its per-address rows between builds: a frame over 50,000 flows
// reuses their memory and each row's annotator handle instead of allocating and looking up
// anew. Rows of addresses no longer seen are dropped once they outnumber the live ones.
class StatsBuilder {
 public:
  // At most `top` entries per list (the rest summed into "other" where it helps reading).
  StatsModel build(const engine::Snapshot& snapshot, const FlowScope& scope, Annotator& names, std::size_t top = 12);

  struct Totals {
    std::uint64_t bytes = 0;
    std::uint64_t packets = 0;
    std::uint64_t flows = 0;
  };

 private:
  struct HostRow {
    util::IpAddress address;
    Totals endpoint;  // every flow it took part in
    Totals remote;    // flows where it was the remote end
    Annotator::Handle label;
  };
  HostRow& host(const util::IpAddress& address);
  void drop_unseen_hosts();

  AddressIndex index_;
  std::vector<HostRow> hosts_;
  std::vector<const HostRow*> ranked_;  // scratch for top talkers
};

// One-off build (tests); the dashboard keeps a StatsBuilder.
StatsModel build_stats(const engine::Snapshot& snapshot, const FlowScope& scope, Annotator& names,
                       std::size_t top = 12);

}  // namespace pt::ui
