#pragma once

#include <pcap/pcap.h>

#include <string>

namespace pt::capture {

// Compiles and installs a BPF filter on an open handle. Throws CaptureError(BadFilter) naming
// the filter text and libpcap's complaint. An empty filter installs nothing.
void apply_bpf_filter(pcap_t* handle, const std::string& filter, bpf_u_int32 netmask = PCAP_NETMASK_UNKNOWN);

}  // namespace pt::capture
