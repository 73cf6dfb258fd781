// Application hints read on demand from a TCP payload: the TLS ClientHello SNI (RFC 6066) and
// the HTTP/1.x Host header (RFC 9112).

#include <gtest/gtest.h>

#include "packet/http_host.hpp"
#include "packet/tls_sni.hpp"
#include "support/packet_builder.hpp"

namespace pt::packet {
namespace {

using test::Bytes;

std::optional<std::string_view> sni(const Bytes& b) { return extract_tls_sni(b); }
std::optional<std::string_view> host(std::string_view text) {
  return extract_http_host(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// A ClientHello without a server_name extension, or with extensions of the caller's choice.
Bytes client_hello_with_extensions(const Bytes& extensions) {
  Bytes hello{0x03, 0x03};
  hello.insert(hello.end(), 32, 0x11);
  hello.push_back(0);  // no session id
  hello.insert(hello.end(), {0, 2, 0x13, 0x01, 1, 0});
  hello.push_back(static_cast<std::uint8_t>(extensions.size() >> 8U));
  hello.push_back(static_cast<std::uint8_t>(extensions.size()));
  hello.insert(hello.end(), extensions.begin(), extensions.end());
  const Bytes header{0x16,
                     0x03,
                     0x01,
                     static_cast<std::uint8_t>((hello.size() + 4) >> 8U),
                     static_cast<std::uint8_t>(hello.size() + 4),
                     0x01,
                     0,
                     static_cast<std::uint8_t>(hello.size() >> 8U),
                     static_cast<std::uint8_t>(hello.size())};
  // Prepended rather than appended to the 9-byte header: GCC 12 at -O3 reported a false
  // array-bounds error for the append.
  hello.insert(hello.begin(), header.begin(), header.end());
  return hello;
}

TEST(TlsSni, ClientHellosOfEveryVersion) {
  for (const std::uint16_t version : {std::uint16_t{0x0301}, std::uint16_t{0x0302}, std::uint16_t{0x0303}}) {
    const auto hello = test::tls_client_hello("www.example.org", version);
    ASSERT_TRUE(sni(hello).has_value()) << version;
    EXPECT_EQ(*sni(hello), "www.example.org");
  }
}

TEST(TlsSni, Tls13HelloWithSupportedVersions) {
  // TLS 1.3 keeps legacy_version 0x0303 and names 1.3 in supported_versions (RFC 8446 §4.2.1).
  const Bytes supported_versions{0x00, 0x2B, 0x00, 0x03, 0x02, 0x03, 0x04};
  const Bytes server_name{0x00, 0x00, 0x00, 0x0E, 0x00, 0x0C, 0x00, 0x00, 0x09,
                          't',  'l',  's',  '1',  '3',  '.',  'o',  'r',  'g'};
  EXPECT_EQ(sni(client_hello_with_extensions(test::concat({supported_versions, server_name}))),
            std::optional<std::string_view>("tls13.org"));
}

TEST(TlsSni, HelloWithoutServerName) {
  const Bytes supported_versions{0x00, 0x2B, 0x00, 0x03, 0x02, 0x03, 0x04};
  EXPECT_FALSE(sni(client_hello_with_extensions(supported_versions)).has_value());
  EXPECT_FALSE(sni(client_hello_with_extensions({})).has_value());
  const Bytes empty_name{0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00};
  EXPECT_FALSE(sni(client_hello_with_extensions(empty_name)).has_value());
}

TEST(TlsSni, OtherRecordsAreNotHellos) {
  auto hello = test::tls_client_hello("x.example");
  auto server_hello = hello;
  server_hello[5] = 0x02;
  EXPECT_FALSE(sni(server_hello).has_value());
  auto app_data = hello;
  app_data[0] = 0x17;
  EXPECT_FALSE(sni(app_data).has_value());
  auto alert = hello;
  alert[0] = 0x15;
  EXPECT_FALSE(sni(alert).has_value());
  EXPECT_FALSE(sni(test::bytes_of("GET / HTTP/1.1\r\n")).has_value());
  EXPECT_FALSE(sni(Bytes{0x80, 0x2E, 0x01, 0x03, 0x01}).has_value());  // SSLv2-style hello
  EXPECT_FALSE(sni(Bytes{}).has_value());
}

TEST(TlsSni, EveryPrefixOfAHelloIsSafe) {
  const auto hello = test::tls_client_hello("prefix.example.com");
  for (std::size_t n = 0; n < hello.size(); ++n) {
    const auto name = extract_tls_sni(std::span<const std::uint8_t>(hello.data(), n));
    EXPECT_FALSE(name.has_value()) << n;  // the name ends the hello: any cut loses it
  }
}

TEST(TlsSni, ExtensionLengthPastTheEndIsRejected) {
  auto hello = test::tls_client_hello("a.example");
  hello[hello.size() - 16] = 0xFF;  // high byte of the server_name extension's length
  EXPECT_FALSE(sni(hello).has_value());
}

TEST(HttpHost, RequestMethodsAndCaseInsensitiveHeader) {
  EXPECT_EQ(host("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"), std::optional<std::string_view>("example.com"));
  EXPECT_EQ(host("POST /x HTTP/1.1\r\nhOsT:example.com:8080\r\n\r\n"),
            std::optional<std::string_view>("example.com:8080"));
  EXPECT_EQ(extract_http_host(test::http_request("builder.example", "HEAD")),
            std::optional<std::string_view>("builder.example"));
  for (const char* method : {"PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE"}) {
    EXPECT_EQ(extract_http_host(test::http_request("m.example", method)), std::optional<std::string_view>("m.example"))
        << method;
  }
}

TEST(HttpHost, ValueIsTrimmed) {
  EXPECT_EQ(host("GET / HTTP/1.1\r\nHost: \t spaced.example \t\r\n\r\n"),
            std::optional<std::string_view>("spaced.example"));
  EXPECT_EQ(host("GET / HTTP/1.1\nHost: bare-lf.example\n\n"), std::optional<std::string_view>("bare-lf.example"));
}

TEST(HttpHost, NoHostHeader) {
  EXPECT_FALSE(host("GET / HTTP/1.0\r\nUser-Agent: x\r\n\r\n").has_value());
  EXPECT_FALSE(host("GET / HTTP/1.1\r\nHost:   \r\n\r\n").has_value());
  // A Host line after the end of the headers is body, not a header.
  EXPECT_FALSE(host("GET / HTTP/1.1\r\nAccept: */*\r\n\r\nHost: body.example\r\n").has_value());
  // Header names that merely start like Host.
  EXPECT_FALSE(host("GET / HTTP/1.1\r\nHostname: no.example\r\n\r\n").has_value());
}

TEST(HttpHost, NotARequest) {
  EXPECT_FALSE(host("HTTP/1.1 200 OK\r\nHost: response.example\r\n\r\n").has_value());
  EXPECT_FALSE(host("get / HTTP/1.1\r\nHost: lower.example\r\n\r\n").has_value());
  EXPECT_FALSE(host("").has_value());
}

TEST(HttpHost, HeadersCutByTheCapture) {
  // The Host line must end inside the capture: a cut value would be a wrong name.
  EXPECT_FALSE(host("GET / HTTP/1.1\r\nHost: cut.exam").has_value());
  EXPECT_FALSE(host("GET / HTTP/1.1\r\nUser-Agent: x").has_value());
  EXPECT_EQ(host("GET / HTTP/1.1\r\nHost: whole.example\r\nAccept: */"),
            std::optional<std::string_view>("whole.example"));
  const std::string full = "GET /index.html HTTP/1.1\r\nHost: every.example\r\n\r\n";
  for (std::size_t n = 0; n < full.size(); ++n) {
    const auto h = host(std::string_view(full).substr(0, n));
    if (h) {
      EXPECT_EQ(*h, "every.example") << n;
    }
  }
}

}  // namespace
}  // namespace pt::packet
