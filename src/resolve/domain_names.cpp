#include "resolve/domain_names.hpp"

#include <libpsl.h>

#include <cctype>

#include "util/ip_address.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::resolve {
namespace {

// RFC 1035 §2.3.4: a name is at most 255 octets.
constexpr std::size_t kMaxNameLength = 253;
// Names longer than this are shown as "first-label…domain" so a column stays readable.
constexpr std::size_t kMaxDisplayLength = 40;

}  // namespace

DomainNames::DomainNames(const std::filesystem::path& list) {
  std::error_code ec;
  if (!list.empty() && std::filesystem::exists(list, ec)) {
    if (psl_ctx_t* loaded = psl_load_file(list.c_str()); loaded != nullptr) {
      ctx_ = loaded;
      owned_ = true;
      return;
    }
  }
  ctx_ = psl_builtin();
}

DomainNames::~DomainNames() {
  // psl_free takes a non-const pointer; only the file-loaded context is ours to free.
  if (owned_) psl_free(const_cast<psl_ctx_t*>(ctx_));
}

std::string DomainNames::normalize(std::string_view raw) {
  std::string safe = util::terminal_safe(raw, {.max_code_points = kMaxNameLength, .keep_newlines = false});
  for (char& c : safe) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  while (!safe.empty() && (safe.back() == '.' || safe.back() == ' ')) safe.pop_back();
  std::size_t start = 0;
  while (start < safe.size() && safe[start] == ' ') ++start;
  return safe.substr(start);
}

std::string DomainNames::registrable_domain(std::string_view normalized) const {
  if (normalized.empty() || ctx_ == nullptr) return {};
  if (util::IpAddress::parse(normalized)) return {};  // an IP literal has no domain
  const std::string name(normalized);
  // Only the ICANN section counts: the list's private section would make every
  // "*.compute.amazonaws.com" or "*.github.io" host its own domain, and Top Domains would then
  // never roll CDN and cloud hosts up to their operator. Unknown TLDs follow the implicit "*".
  if (psl_is_public_suffix2(ctx_, name.c_str(), PSL_TYPE_ICANN) != 0) return {};
  std::size_t label_start = 0;
  for (std::size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) {
    if (psl_is_public_suffix2(ctx_, name.c_str() + dot + 1, PSL_TYPE_ICANN) != 0) return name.substr(label_start);
    label_start = dot + 1;
  }
  return {};  // a single label ("localhost")
}

HostInfo DomainNames::host_info(std::string_view raw) const {
  HostInfo info;
  info.fqdn = normalize(raw);
  if (info.fqdn.empty()) return {};
  const auto dot = info.fqdn.find('.');
  info.hostname = info.fqdn.substr(0, dot);
  info.domain = registrable_domain(info.fqdn);
  info.display_name = info.fqdn;
  if (info.fqdn.size() > kMaxDisplayLength && !info.domain.empty() && info.hostname != info.domain &&
      info.hostname.size() + info.domain.size() + 3 < info.fqdn.size()) {
    info.display_name = info.hostname + "\xE2\x80\xA6" + info.domain;  // U+2026 HORIZONTAL ELLIPSIS
  }
  return info;
}

}  // namespace pt::resolve
