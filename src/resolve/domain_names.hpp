#pragma once
// Turns a host name from the network into a HostInfo: sanitized (util::terminal_safe), lower
// case, no trailing dot, split into first label and registrable domain with libpsl over the
// public suffix list (Debian's publicsuffix package; libpsl's built-in list as a fallback).
// Read-only after construction, so every resolver thread may share one instance.

#include <filesystem>
#include <string>
#include <string_view>

#include "resolve/host_info.hpp"

struct psl_ctx_st;

namespace pt::resolve {

inline constexpr std::string_view kDefaultPublicSuffixList = "/usr/share/publicsuffix/public_suffix_list.dafsa";

class DomainNames {
 public:
  explicit DomainNames(const std::filesystem::path& list = std::filesystem::path(kDefaultPublicSuffixList));
  ~DomainNames();
  DomainNames(const DomainNames&) = delete;
  DomainNames& operator=(const DomainNames&) = delete;

  // Sanitized, lower-cased, trailing dot removed; empty when nothing printable is left.
  [[nodiscard]] static std::string normalize(std::string_view raw);
  // "bbc.co.uk" for "www.bbc.co.uk" (ICANN section of the list); empty for "localhost", a bare suffix or an IP literal.
  [[nodiscard]] std::string registrable_domain(std::string_view normalized) const;
  // Normalizes raw and fills every HostInfo field; empty HostInfo when raw has no usable name.
  [[nodiscard]] HostInfo host_info(std::string_view raw) const;
  // True when the list came from the file rather than libpsl's compiled-in copy.
  [[nodiscard]] bool loaded_from_file() const { return owned_; }

 private:
  const psl_ctx_st* ctx_ = nullptr;
  bool owned_ = false;
};

}  // namespace pt::resolve
