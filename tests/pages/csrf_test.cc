// pages/csrf.h: the checks every form POST passes, one row per way a forged post looks.
#include "pages/csrf.h"

#include <gtest/gtest.h>

namespace kakunin::pages::internal {
namespace {

TEST(CsrfTest, TokensAreRandomAndWellFormed) {
  const std::string a = NewCsrfToken(), b = NewCsrfToken();
  EXPECT_TRUE(IsCsrfToken(a));
  EXPECT_NE(a, b);
  EXPECT_FALSE(IsCsrfToken(""));
  EXPECT_FALSE(IsCsrfToken(a.substr(1)));
  EXPECT_FALSE(IsCsrfToken(std::string(64, 'G')));
  EXPECT_FALSE(IsCsrfToken(std::string(64, 'A')));  // Upper case is not what NewCsrfToken makes.
}

TEST(CsrfTest, RefusesEveryForgedShape) {
  const std::string token = NewCsrfToken(), other = NewCsrfToken();
  const std::string form = "application/x-www-form-urlencoded";
  struct Case {
    const char* what;
    PostFacts facts;
    const char* want;
  } cases[] = {
      {"own form, modern browser", {form, "same-origin", "http://127.0.0.1:8080", "127.0.0.1:8080", token, token}, ""},
      {"own form behind a TLS proxy", {form, "same-origin", "https://id.example", "id.example", token, token}, ""},
      {"old browser: no metadata, no Origin", {form, "", "", "id.example", token, token}, ""},
      {"Origin null (privacy mode): the token decides", {form, "same-origin", "null", "id.example", token, token}, ""},
      {"charset parameter", {"application/x-www-form-urlencoded; charset=UTF-8", "", "", "h", token, token}, ""},
      {"another site's form", {form, "cross-site", "https://evil.example", "id.example", token, token}, "sec-fetch-site"},
      {"a sibling subdomain", {form, "same-site", "https://a.id.example", "id.example", token, token}, "sec-fetch-site"},
      {"user typed / bookmark", {form, "none", "", "id.example", token, token}, "sec-fetch-site"},
      {"no metadata, foreign Origin", {form, "", "https://evil.example", "id.example", token, token}, "origin"},
      {"Origin with a port of its own", {form, "", "http://id.example:81", "id.example", token, token}, "origin"},
      {"Origin of another scheme", {form, "", "ftp://id.example", "id.example", token, token}, "origin"},
      {"no token in the form", {form, "same-origin", "", "id.example", token, ""}, "token"},
      {"another browser's token", {form, "same-origin", "", "id.example", token, other}, "token"},
      {"no cookie", {form, "same-origin", "", "id.example", "", token}, "token"},
      {"planted short cookie and field", {form, "same-origin", "", "id.example", "x", "x"}, "token"},
      {"JSON body", {"application/json", "same-origin", "", "id.example", token, token}, "content-type"},
      {"multipart body", {"multipart/form-data; boundary=x", "same-origin", "", "id.example", token, token},
       "content-type"},
  };
  for (const Case& c : cases) EXPECT_EQ(RefusePost(c.facts), c.want) << c.what;
}

}  // namespace
}  // namespace kakunin::pages::internal
