#include "capture/bpf_filter.hpp"

#include "capture/source.hpp"

namespace pt::capture {

void compile_bpf_filter(pcap_t* handle, const std::string& filter, bpf_program& program, bpf_u_int32 netmask) {
  if (pcap_compile(handle, &program, filter.c_str(), 1, netmask) != 0) {
    throw CaptureError(CaptureErrorKind::BadFilter,
                       "bad capture filter '" + filter + "': " + std::string(pcap_geterr(handle)));
  }
}

void apply_bpf_filter(pcap_t* handle, const std::string& filter, bpf_u_int32 netmask) {
  if (filter.empty()) return;
  bpf_program program{};
  compile_bpf_filter(handle, filter, program, netmask);
  const int rc = pcap_setfilter(handle, &program);
  pcap_freecode(&program);
  if (rc != 0) {
    throw CaptureError(CaptureErrorKind::BadFilter,
                       "cannot install capture filter '" + filter + "': " + std::string(pcap_geterr(handle)));
  }
}

}  // namespace pt::capture
