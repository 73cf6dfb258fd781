#include "resolve/ip_api_provider.hpp"

#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>

#include "resolve/flat_json.hpp"
#include "resolve/token_bucket.hpp"
#include "util/log.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::resolve {
namespace {

constexpr std::size_t kMaxResponseBytes = std::size_t{1024} * 1024;
constexpr const char* kFields = "status,message,country,countryCode,regionName,city,lat,lon,isp,org,as,query";

struct Response {
  std::string body;
  long status = 0;
  std::optional<long> remaining;  // X-Rl: requests left in this window
  std::optional<long> reset_s;    // X-Ttl: seconds until the window resets
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  const std::size_t n = size * count;
  if (r->body.size() + n > kMaxResponseBytes) return 0;  // abort: far beyond any real answer
  r->body.append(data, n);
  return n;
}

std::optional<long> header_value(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || !std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
      })) {
    return std::nullopt;
  }
  line.remove_prefix(name.size());
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  long v = 0;
  if (std::from_chars(line.data(), line.data() + line.size(), v).ec != std::errc{}) return std::nullopt;
  return v;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  const std::string_view line(data, size * count);
  if (auto v = header_value(line, "X-Rl:")) r->remaining = v;
  if (auto v = header_value(line, "X-Ttl:")) r->reset_s = v;
  return size * count;
}

std::string safe(const JsonObject& o, const char* key) {
  return util::terminal_safe(json_string_or(o, key), {.max_code_points = 128});
}

// "AS15169 Google LLC" -> 15169
std::uint32_t asn_of(const std::string& as) {
  if (as.size() < 3 || as.compare(0, 2, "AS") != 0) return 0;
  std::uint32_t asn = 0;
  std::from_chars(as.data() + 2, as.data() + as.size(), asn);
  return asn;
}

IpApiResult result_of(const JsonObject& o, const util::IpAddress& address) {
  IpApiResult r{.address = address, .failure = FailureReason::None, .geo = {}};
  if (json_string_or(o, "status") != "success") {
    r.failure = FailureReason::NoRecord;  // "private range", "reserved range", "invalid query"
    return r;
  }
  r.geo.country = safe(o, "country");
  r.geo.country_code = safe(o, "countryCode");
  r.geo.region = safe(o, "regionName");
  r.geo.city = safe(o, "city");
  r.geo.latitude = json_number(o, "lat");
  r.geo.longitude = json_number(o, "lon");
  r.geo.isp = safe(o, "isp");
  const std::string as = safe(o, "as");
  r.geo.asn = asn_of(as);
  if (const auto space = as.find(' '); space != std::string::npos) r.geo.as_org = as.substr(space + 1);
  if (r.geo.as_org.empty()) r.geo.as_org = safe(o, "org");
  r.geo.source = GeoSource::IpApi;
  return r;
}

}  // namespace

IpApiProvider::IpApiProvider(IpApiConfig config, Callback on_result)
    : config_(std::move(config)), on_result_(std::move(on_result)), queue_(config_.queue_capacity) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // reference-counted by libcurl
}

IpApiProvider::~IpApiProvider() {
  stop();
  curl_global_cleanup();
}

std::string IpApiProvider::prepare() {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), curl_url_cleanup);
  char* host = nullptr;
  char* port = nullptr;
  if (curl_url_set(url.get(), CURLUPART_URL, config_.url.c_str(), 0) != CURLUE_OK ||
      curl_url_get(url.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK ||
      curl_url_get(url.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
    curl_free(host);
    return "ip-api: bad URL " + config_.url;
  }
  host_ = host;
  port_ = static_cast<std::uint16_t>(std::strtoul(port, nullptr, 10));
  curl_free(host);
  curl_free(port);
  std::string bare = host_;
  if (bare.size() > 2 && bare.front() == '[') bare = bare.substr(1, bare.size() - 2);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(bare.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return "ip-api: cannot resolve " + bare + "; provider off";
  }
  addresses_.clear();
  for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    std::optional<util::IpAddress> a;
    char text[64] = {};
    if (::getnameinfo(ai->ai_addr, ai->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0) {
      a = util::IpAddress::parse(text);
    }
    if (a && std::find(addresses_.begin(), addresses_.end(), *a) == addresses_.end()) addresses_.push_back(*a);
  }
  ::freeaddrinfo(found);
  pinned_ = host_ + ":" + std::to_string(port_) + ":";
  for (std::size_t i = 0; i < addresses_.size(); ++i) {
    const std::string text = addresses_[i].to_string();
    pinned_ += (i == 0 ? "" : ",") + (addresses_[i].is_v6() ? "[" + text + "]" : text);
  }
  return addresses_.empty() ? "ip-api: no usable address for " + bare : std::string();
}

std::string IpApiProvider::capture_exclusion_filter() const {
  if (addresses_.empty()) return {};
  std::string hosts;
  for (const auto& a : addresses_) hosts += (hosts.empty() ? "host " : " or host ") + a.to_string();
  return "not (tcp and (" + hosts + ") and port " + std::to_string(port_) + ")";
}

void IpApiProvider::start() {
  if (thread_.joinable() || addresses_.empty()) return;
  thread_ = std::thread([this] { run(); });
}

void IpApiProvider::stop() {
  stopping_.store(true);
  queue_.close();
  if (thread_.joinable()) thread_.join();
}

bool IpApiProvider::submit(const util::IpAddress& address) {
  if (addresses_.empty() || stopping_.load()) return false;
  return queue_.try_push(address);
}

IpApiStats IpApiProvider::stats() const {
  return {.requests = requests_.load(),
          .answered = answered_.load(),
          .failed = failed_.load(),
          .throttled = throttled_.load(),
          .dropped = queue_.dropped(),
          .queued = queue_.size()};
}

void IpApiProvider::run() {
  using Clock = std::chrono::steady_clock;
  TokenBucket bucket(config_.requests_per_minute, std::chrono::minutes(1), config_.requests_per_minute, Clock::now());
  while (!stopping_.load()) {
    auto first = queue_.pop_for(std::chrono::milliseconds(200));
    if (!first) continue;
    std::vector<util::IpAddress> batch{*first};
    const auto gather_until = Clock::now() + config_.gather;
    while (batch.size() < config_.batch_size && Clock::now() < gather_until && !stopping_.load()) {
      if (auto more = queue_.pop_for(std::chrono::milliseconds(20))) batch.push_back(*more);
    }
    // Wait for the rate limit (and any pause the server asked for) without ever dropping work.
    while (!stopping_.load()) {
      const auto now = Clock::now();
      if (now >= blocked_until_ && bucket.try_take(now)) break;
      const auto wait = std::max(bucket.wait_time(now), blocked_until_ - now);
      std::this_thread::sleep_for(
          std::clamp<Clock::duration>(wait, std::chrono::milliseconds(10), std::chrono::milliseconds(200)));
    }
    if (stopping_.load()) return;
    send_batch(batch);
  }
}

void IpApiProvider::send_batch(std::vector<util::IpAddress>& batch) {
  std::string body = "[";
  for (std::size_t i = 0; i < batch.size(); ++i) body += (i ? ",\"" : "\"") + batch[i].to_string() + "\"";
  body += "]";
  const std::string url = config_.url + (config_.url.find('?') == std::string::npos ? "?" : "&") + "fields=" + kFields;

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  curl_slist* resolve = curl_slist_append(nullptr, pinned_.c_str());
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  Response response;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_RESOLVE, resolve);  // connect only where the filter excludes
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "packettracer/" PT_VERSION);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &response);
  const CURLcode rc = curl_easy_perform(curl.get());
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
  curl_slist_free_all(resolve);
  curl_slist_free_all(headers);
  requests_.fetch_add(1);

  const auto now = std::chrono::steady_clock::now();
  const long reset = response.reset_s.value_or(60);
  if (response.status == 429 || (response.remaining && *response.remaining <= 0)) {
    throttled_.fetch_add(1);
    blocked_until_ = now + std::chrono::seconds(std::clamp(reset, 1L, 3600L));
  }
  std::optional<std::vector<JsonObject>> objects;
  if (rc == CURLE_OK && response.status == 200) objects = parse_json_object_array(response.body);
  FailureReason failure = FailureReason::ServerFailure;
  if (rc == CURLE_OPERATION_TIMEDOUT) failure = FailureReason::Timeout;
  if (rc == CURLE_COULDNT_CONNECT) failure = FailureReason::Unreachable;
  if (response.status == 429) failure = FailureReason::RateLimited;
  if (!objects) spdlog::info("ip-api: request failed ({}, HTTP {})", curl_easy_strerror(rc), response.status);

  for (const auto& address : batch) {
    IpApiResult r{.address = address, .failure = failure, .geo = {}};
    if (objects) {
      const std::string text = address.to_string();
      const auto it = std::find_if(objects->begin(), objects->end(),
                                   [&](const JsonObject& o) { return json_string_or(o, "query") == text; });
      r = it == objects->end() ? IpApiResult{address, FailureReason::ServerFailure, {}} : result_of(*it, address);
    }
    (r.failure == FailureReason::None || r.failure == FailureReason::NoRecord ? answered_ : failed_).fetch_add(1);
    on_result_(r);
  }
}

}  // namespace pt::resolve
