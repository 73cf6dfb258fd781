#pragma once

#include <pcap/pcap.h>

#include <string>

namespace pt::capture {

// Compiles and installs a BPF filter on an open handle. Throws CaptureError(BadFilter) naming
// the filter text and libpcap's complaint. An empty filter installs nothing.
// Compiles without installing (e.g. for a pcap_open_dead handle, or to check a filter early).
// Throws CaptureError(BadFilter); on success the caller owns program (pcap_freecode).
void compile_bpf_filter(pcap_t* handle, const std::string& filter, bpf_program& program,
                        bpf_u_int32 netmask = PCAP_NETMASK_UNKNOWN);
void apply_bpf_filter(pcap_t* handle, const std::string& filter, bpf_u_int32 netmask = PCAP_NETMASK_UNKNOWN);

}  // namespace pt::capture
