#include "resolve/flat_json.hpp"

#include <gtest/gtest.h>

namespace pt::resolve {
namespace {

TEST(FlatJsonTest, IpApiBatchAnswer) {
  const auto parsed = parse_json_object_array(R"([
    {"status":"success","country":"United States","countryCode":"US","regionName":"Virginia",
     "city":"Ashburn","lat":39.03,"lon":-77.5,"isp":"Google LLC","org":"Google Public DNS",
     "as":"AS15169 Google LLC","query":"8.8.8.8"},
    {"status":"fail","message":"private range","query":"10.0.0.1"}
  ])");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 2U);
  EXPECT_EQ(json_string_or((*parsed)[0], "city"), "Ashburn");
  EXPECT_NEAR(*json_number((*parsed)[0], "lon"), -77.5, 1e-9);
  EXPECT_EQ(json_string_or((*parsed)[1], "message"), "private range");
  EXPECT_FALSE(json_number((*parsed)[1], "lat"));
}

TEST(FlatJsonTest, EscapesAndNesting) {
  const auto parsed =
      parse_json_object_array(R"([{"a":"S\u00e3o \"P\" \ud83d\ude00\n","b":[1,{"c":2}],"d":true,"e":null}])");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(json_string_or((*parsed)[0], "a"), "S\xC3\xA3o \"P\" \xF0\x9F\x98\x80\n");
  EXPECT_TRUE(std::get<bool>((*parsed)[0].at("d")));
  EXPECT_EQ((*parsed)[0].count("b"), 1U);
}

TEST(FlatJsonTest, RejectsWhatIsNotAnArrayOfObjects) {
  EXPECT_FALSE(parse_json_object_array(""));
  EXPECT_FALSE(parse_json_object_array("{}"));
  EXPECT_FALSE(parse_json_object_array("[1,2]"));
  EXPECT_FALSE(parse_json_object_array("[{\"a\":1}"));
  EXPECT_FALSE(parse_json_object_array("[{\"a\":\"\\u12\"}]"));
  EXPECT_FALSE(parse_json_object_array("[{\"a\":1}] trailing"));
  EXPECT_FALSE(parse_json_object_array(std::string(100, '[')));
  EXPECT_TRUE(parse_json_object_array(" [ ] "));
}

}  // namespace
}  // namespace pt::resolve
