#include "report/json_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace pt::report {
namespace {

std::string compact(auto&& build) {
  std::ostringstream out;
  {
    JsonWriter w(out, false);
    build(w);
  }
  return out.str();
}

TEST(JsonWriterTest, NestsObjectsAndArraysWithCommasInTheRightPlaces) {
  const auto text = compact([](JsonWriter& w) {
    w.begin_object().field("a", 1).key("list").begin_array().value(1).value("two").value(true).null().end_array();
    w.key("empty").begin_object().end_object().end_object();
  });
  EXPECT_EQ(text, R"({"a":1,"list":[1,"two",true,null],"empty":{}})");
}

TEST(JsonWriterTest, IntegersKeepEveryDigitAtBothEnds) {
  const auto text = compact([](JsonWriter& w) {
    w.begin_array().value(std::numeric_limits<std::uint64_t>::max()).value(std::numeric_limits<std::int64_t>::min());
    w.value(std::uint16_t{0}).value(-1).end_array();
  });
  EXPECT_EQ(text, "[18446744073709551615,-9223372036854775808,0,-1]");
}

TEST(JsonWriterTest, DoublesAreFixedNotationLikePrintfAndNonFiniteIsNull) {
  for (const double d : {0.0, 1.5, -2.25, 1234567.891011, 1e-7, 1e300, 1700000000.123456}) {
    for (const int decimals : {0, 1, 6}) {
      std::array<char, 512> expected{};
      std::snprintf(expected.data(), expected.size(), "%.*f", decimals, d);
      EXPECT_EQ(compact([&](JsonWriter& w) { w.value(d, decimals); }), expected.data()) << d << " " << decimals;
    }
  }
  EXPECT_EQ(compact([](JsonWriter& w) {
              w.begin_array().value(std::numeric_limits<double>::infinity()).value(std::nan("")).end_array();
            }),
            "[null,null]");
}

TEST(JsonWriterTest, StringsFromTheNetworkStayValidJson) {
  const std::string hostile = std::string("evil\x1b[2J\"quote\\back\nline\x01", 25) + "\xff\xfe" + "caf\xc3\xa9";
  const auto text = compact([&](JsonWriter& w) { w.begin_object().field(hostile, hostile).end_object(); });
  const auto parsed = nlohmann::json::parse(text);  // throws on invalid JSON or invalid UTF-8
  ASSERT_EQ(parsed.size(), 1U);
  const auto value = parsed.begin().value().get<std::string>();
  EXPECT_EQ(value.find('\x1b'), std::string::npos);
  EXPECT_NE(value.find("\"quote\\back"), std::string::npos);
  EXPECT_NE(value.find("caf\xc3\xa9"), std::string::npos);
}

TEST(JsonWriterTest, TextLargerThanTheBufferArrivesWholeAndInOrder) {
  const std::string big(200'000, 'x');
  const auto text = compact([&](JsonWriter& w) {
    w.begin_array();
    for (int i = 0; i < 10'000; ++i) w.value(i);
    w.value(big).value("end").end_array();
  });
  const auto parsed = nlohmann::json::parse(text);
  ASSERT_EQ(parsed.size(), 10'002U);
  EXPECT_EQ(parsed[9'999].get<int>(), 9'999);
  EXPECT_EQ(parsed[10'000].get<std::string>(), big);
  EXPECT_EQ(parsed[10'001].get<std::string>(), "end");
}

TEST(JsonWriterTest, PrettyOutputIndentsTopLevelsAndKeepsDeepValuesOnOneLine) {
  std::ostringstream out;
  {
    JsonWriter w(out, true, 2);
    w.begin_object().key("flows").begin_array();
    w.begin_object().field("src", "10.0.0.1").field("bytes", 10).end_object();
    w.end_array().end_object();
  }
  const auto text = out.str();
  EXPECT_NE(text.find("\n  \"flows\": ["), std::string::npos) << text;
  EXPECT_NE(text.find(R"({"src":"10.0.0.1","bytes":10})"), std::string::npos) << text;
  EXPECT_EQ(nlohmann::json::parse(text)["flows"][0]["bytes"], 10);
}

}  // namespace
}  // namespace pt::report
