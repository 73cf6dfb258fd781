#include "engine/service_names.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace pt::engine {
namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

class ServiceNamesFile : public ::testing::Test {
 protected:
  ServiceNamesFile() : path_(std::filesystem::temp_directory_path() / ("pt-services-" + std::to_string(::getpid()))) {}
  ~ServiceNamesFile() override { std::filesystem::remove(path_); }
  std::filesystem::path write(const std::string& text) const {
    std::ofstream(path_) << text;
    return path_;
  }
  std::filesystem::path path_;
};

TEST(ServiceNames, BuiltInTableNamesCommonPorts) {
  const ServiceNames names;
  EXPECT_EQ(names.lookup(util::Port{443}, kTcp), "https");
  EXPECT_EQ(names.lookup(util::Port{53}, kUdp), "domain");
  EXPECT_EQ(names.lookup(util::Port{22}, kTcp), "ssh");
  EXPECT_EQ(names.lookup(util::Port{22}, kUdp), "") << "ssh is TCP only";
  EXPECT_EQ(names.lookup(util::Port{49999}, kTcp), "");
  EXPECT_EQ(names.loaded_from_file(), 0U);
}

TEST_F(ServiceNamesFile, FileEntriesComeFirstThenTheBuiltInTable) {
  const auto path = write(
      "# comment line\n"
      "\n"
      "webcache\t8080/tcp\thttp-alt  # the file's name wins over the built-in http-alt\n"
      "custom   40000/udp\n"
      "custom2  40000/udp\n"
      "bad      notaport/tcp\n"
      "ddpname  4/ddp\n"
      "sctpsvc  9899/sctp\n");
  const ServiceNames names(path);
  EXPECT_EQ(names.loaded_from_file(), 4U);
  EXPECT_EQ(names.lookup(util::Port{8080}, kTcp), "webcache");
  EXPECT_EQ(names.lookup(util::Port{40000}, kUdp), "custom") << "first entry wins, as getservbyport answers";
  EXPECT_EQ(names.lookup(util::Port{9899}, 132), "sctpsvc");
  EXPECT_EQ(names.lookup(util::Port{443}, kTcp), "https") << "built-in fills what the file lacks";
}

TEST_F(ServiceNamesFile, MissingFileLeavesTheBuiltInTable) {
  const ServiceNames names(path_ / "does-not-exist");
  EXPECT_EQ(names.loaded_from_file(), 0U);
  EXPECT_EQ(names.lookup(util::Port{80}, kTcp), "http");
}

TEST(ServiceNames, FlowServicePrefersTheWellKnownPortThenTheResponder) {
  const ServiceNames names;
  // Client 51000 -> server 443.
  EXPECT_EQ(names.for_flow(util::Port{51000}, util::Port{443}, kTcp), "https");
  // A capture that began mid-flow took the server for the initiator.
  EXPECT_EQ(names.for_flow(util::Port{443}, util::Port{51000}, kTcp), "https");
  // Both named: the system port wins over a registered one (5353 client port to DNS).
  EXPECT_EQ(names.for_flow(util::Port{5353}, util::Port{53}, kUdp), "domain");
  EXPECT_EQ(names.for_flow(util::Port{53}, util::Port{5353}, kUdp), "domain");
  // Both registered: the responder's.
  EXPECT_EQ(names.for_flow(util::Port{3306}, util::Port{5432}, kTcp), "postgresql");
  EXPECT_EQ(names.for_flow(util::Port{50000}, util::Port{50001}, kTcp), "");
}

TEST(ServiceNames, SystemServicesFileIsReadWhenPresent) {
  if (!std::filesystem::exists("/etc/services")) GTEST_SKIP() << "no /etc/services on this system";
  const ServiceNames names("/etc/services");
  EXPECT_GT(names.loaded_from_file(), 100U);
  EXPECT_EQ(names.lookup(util::Port{25}, kTcp), "smtp");
}

}  // namespace
}  // namespace pt::engine
