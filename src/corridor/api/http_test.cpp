#include <corridor/api/http.hpp>

#include <gtest/gtest.h>

namespace corridor::api {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

TEST(Http, HeaderNamesCompareCaseInsensitively) {
  EXPECT_TRUE(header_name_equal("Content-Type", "content-type"));
  EXPECT_TRUE(header_name_equal("ETAG", "ETag"));
  EXPECT_FALSE(header_name_equal("Content-Type", "Content-Typ"));
  EXPECT_FALSE(header_name_equal("a", "b"));
  // Only ASCII letters fold: no locale tricks with bytes above 0x7f.
  EXPECT_FALSE(header_name_equal("\xc3\x89", "\xc3\xa9"));
}

TEST(Http, HeadersGetFindsTheFirstFieldOfThatName) {
  Headers h;
  h.add("Set-Cookie", "a=1");
  h.add("set-cookie", "b=2");
  EXPECT_EQ(h.get("SET-COOKIE"), "a=1");
  EXPECT_EQ(h.get("Missing"), std::nullopt);
}

TEST(Http, HeadersSetReplacesEveryFieldOfThatName) {
  Headers h;
  h.add("Accept", "a");
  h.add("Other", "x");
  h.add("accept", "b");
  h.set("ACCEPT", "c");
  ASSERT_EQ(h.fields.size(), 2u);
  EXPECT_EQ(h.get("accept"), "c");
  EXPECT_EQ(h.get("other"), "x");
}

TEST(Http, HeadersAddKeepsRepeats) {
  Headers h;
  h.add("Set-Cookie", "a=1");
  h.add("Set-Cookie", "b=2");
  EXPECT_EQ(h.fields.size(), 2u);
}

TEST(Http, TargetPathDecodesPercentEscapesBeforeTheQuery) {
  EXPECT_EQ(target_path("/api/v1/cases/a%2Fb?x=%zz"), "/api/v1/cases/a/b");
  EXPECT_EQ(target_path("/a%20b"), "/a b");
  EXPECT_EQ(target_path("/%e2%82%AC"), "/\xe2\x82\xac");
  EXPECT_EQ(target_path("/plain"), "/plain");
  EXPECT_EQ(target_path(""), "");
}

TEST(Http, TargetPathKeepsPlus) { EXPECT_EQ(target_path("/a+b?c=d+e"), "/a+b"); }

TEST(Http, TargetPathRejectsBadEscapes) {
  EXPECT_EQ(target_path("/a%"), std::nullopt);
  EXPECT_EQ(target_path("/a%2"), std::nullopt);
  EXPECT_EQ(target_path("/a%g0"), std::nullopt);
  EXPECT_EQ(target_path("/a%0g"), std::nullopt);
}

TEST(Http, TargetPathRejectsDecodedNul) { EXPECT_EQ(target_path("/a%00b"), std::nullopt); }

TEST(Http, TargetQuerySplitsDecodesAndKeepsOrder) {
  auto q = target_query("/q?limit=10&name=Ab%C3%BC+Ali&flag&empty=&limit=20");
  ASSERT_TRUE(q);
  Query want = {
      {"limit", "10"}, {"name", "Ab\xc3\xbc Ali"}, {"flag", ""}, {"empty", ""}, {"limit", "20"}};
  EXPECT_EQ(*q, want);
}

TEST(Http, TargetQueryIgnoresEmptyPieces) {
  auto q = target_query("/q?&&a=1&&");
  ASSERT_TRUE(q);
  EXPECT_EQ(*q, (Query{{"a", "1"}}));
}

TEST(Http, TargetQuerySplitsOnTheFirstEquals) {
  auto q = target_query("/q?a=b=c&x%3Dy=z%26w");
  ASSERT_TRUE(q);
  EXPECT_EQ(*q, (Query{{"a", "b=c"}, {"x=y", "z&w"}}));
}

TEST(Http, TargetQueryIsEmptyWithoutAQuery) {
  auto q = target_query("/q");
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->empty());
  q = target_query("/q?");
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->empty());
}

TEST(Http, TargetQueryRejectsBadEscapes) {
  EXPECT_EQ(target_query("/q?a=%"), std::nullopt);
  EXPECT_EQ(target_query("/q?a%4=1"), std::nullopt);
  EXPECT_EQ(target_query("/q?a=%x1"), std::nullopt);
}

TEST(Http, StatusReasonKnowsCommonCodes) {
  EXPECT_EQ(status_reason(200), "OK");
  EXPECT_EQ(status_reason(404), "Not Found");
  EXPECT_EQ(status_reason(413), "Content Too Large");
  EXPECT_EQ(status_reason(431), "Request Header Fields Too Large");
  EXPECT_EQ(status_reason(503), "Service Unavailable");
  EXPECT_EQ(status_reason(799), "");
}

}  // namespace
}  // namespace corridor::api
