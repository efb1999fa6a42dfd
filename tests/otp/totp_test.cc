// TOTP verification window and replay rule, base32 (RFC 4648 section 10 vectors), the otpauth://
// URI, recovery codes and QR rendering. The RFC 4226 / RFC 6238 vectors are in hotp_test.cc.
#include <gtest/gtest.h>
#include <png.h>

#include <set>

#include "kakunin/otp.h"

namespace kakunin::otp {
namespace {

const std::string kKey = "12345678901234567890";  // RFC 6238 Appendix B's SHA-1 seed.

TEST(Base32Test, Rfc4648Section10Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},          {"f", "MY"},          {"fo", "MZXQ"},          {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(Base32Encode(plain), encoded);
    auto decoded = Base32Decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
  // Padding, lower case and spaces (as people type secrets) are accepted.
  EXPECT_EQ(Base32Decode("mzxw 6ytb oi======").value(), "foobar");
  EXPECT_FALSE(Base32Decode("MZXW6YT1").has_value());  // 1 is not in the alphabet.
  EXPECT_FALSE(Base32Decode("M").has_value());         // No encoder ends a quantum with 1 symbol.
  EXPECT_EQ(Base32Encode(kKey), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(TotpTest, SixDigitCodesMatchTheRfcTruncation) {
  // RFC 6238 Appendix B's 8-digit SHA-1 code at T=59 is 94287082; 6 digits keep the last six.
  EXPECT_EQ(MatchTotp(kKey, "287082", 59, {}, -1), 1);
  EXPECT_EQ(TotpStep(59, 30), 1);
  EXPECT_EQ(TotpStep(1111111109, 30), 37037036);
}

TEST(TotpTest, OneStepOfDriftEitherWayAndNoMore) {
  const int64_t now = 1'800'000'000;  // Step 60,000,000 exactly.
  const int64_t step = TotpStep(now, 30);
  auto code_at = [&](int64_t s) { return Totp(kKey, s * 30, 6).value(); };
  EXPECT_EQ(MatchTotp(kKey, code_at(step), now, {}, -1), step);
  EXPECT_EQ(MatchTotp(kKey, code_at(step - 1), now, {}, -1), step - 1);
  EXPECT_EQ(MatchTotp(kKey, code_at(step + 1), now, {}, -1), step + 1);
  for (int64_t off : {-3, -2, 2, 3}) {
    const std::string far = code_at(step + off);
    // A far code could equal a code inside the window by chance (1 in 10^6 per step).
    bool collides = false;
    for (int64_t w = -1; w <= 1; ++w) collides |= far == code_at(step + w);
    if (!collides) {
      EXPECT_FALSE(MatchTotp(kKey, far, now, {}, -1).has_value()) << off;
    }
  }
  // The window moves with the clock: 29 s later it is still step; 30 s later step - 1 is out.
  EXPECT_EQ(MatchTotp(kKey, code_at(step - 1), now + 29, {}, -1), step - 1);
  EXPECT_FALSE(MatchTotp(kKey, code_at(step - 1), now + 30, {}, -1).has_value());
}

TEST(TotpTest, AStepIsAcceptedOnlyAfterTheLastAcceptedOne) {
  const int64_t now = 1'800'000'000;
  const int64_t step = TotpStep(now, 30);
  const std::string current = Totp(kKey, now, 6).value();
  EXPECT_EQ(MatchTotp(kKey, current, now, {}, step - 1), step);
  EXPECT_FALSE(MatchTotp(kKey, current, now, {}, step).has_value());      // Replay.
  EXPECT_FALSE(MatchTotp(kKey, current, now, {}, step + 1).has_value());  // Older than the last one.
}

TEST(TotpTest, Sha256AndSha512AndEightDigits) {
  const std::string key256 = "12345678901234567890123456789012";
  const std::string key512 = "1234567890123456789012345678901234567890123456789012345678901234";
  TotpParams p256{HmacAlgorithm::kSha256, 8, 30};
  TotpParams p512{HmacAlgorithm::kSha512, 8, 30};
  EXPECT_EQ(MatchTotp(key256, "91819424", 1234567890, p256, -1), 1234567890 / 30);  // RFC 6238 App. B.
  EXPECT_EQ(MatchTotp(key512, "93441116", 1234567890, p512, -1), 1234567890 / 30);
  EXPECT_FALSE(MatchTotp(key256, "91819424", 1234567890, {}, -1).has_value());  // 8 digits where 6 are due.
}

TEST(TotpTest, MalformedCodesAreRefused) {
  for (const char* code : {"", "12345", "1234567", "12345a", "-12345", "１２３４５６"}) {
    EXPECT_FALSE(MatchTotp(kKey, code, 59, {}, -1).has_value()) << code;
  }
}

TEST(TotpTest, OtpauthUri) {
  EXPECT_EQ(OtpauthUri("kakunin", "alice@example.com", kKey, {}),
            "otpauth://totp/kakunin:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=kakunin&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(OtpauthUri("My Shop & Co", "a b", "x", {HmacAlgorithm::kSha512, 8, 60}),
            "otpauth://totp/My%20Shop%20%26%20Co:a%20b?secret=PA&issuer=My%20Shop%20%26%20Co"
            "&algorithm=SHA512&digits=8&period=60");
}

TEST(RecoveryCodeTest, FormatAndNormalisation) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto code = GenerateRecoveryCode();
    ASSERT_TRUE(code.has_value());
    ASSERT_EQ(code->size(), 11u);
    EXPECT_EQ((*code)[5], '-');
    auto normal = NormalizeRecoveryCode(*code);
    ASSERT_TRUE(normal.has_value()) << *code;
    EXPECT_EQ(normal->size(), kRecoveryCodeChars);
    std::string upper = *code;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_EQ(NormalizeRecoveryCode(" " + upper + " "), normal);
    seen.insert(*normal);
  }
  EXPECT_EQ(seen.size(), 50u);  // 50 bits each: a repeat would mean a broken generator.
  EXPECT_FALSE(NormalizeRecoveryCode("abcde-fgh1j").has_value());
  EXPECT_FALSE(NormalizeRecoveryCode("abcde-fghi").has_value());
  EXPECT_FALSE(NormalizeRecoveryCode("123456").has_value());
}

TEST(QrTest, SvgPngAndTextShowTheSameModules) {
  const std::string uri = OtpauthUri("kakunin", "alice@example.com", kKey, {});
  auto qr = EncodeQr(uri);
  ASSERT_TRUE(qr.has_value()) << qr.error().ToString();
  ASSERT_GE(qr->size, 21);
  ASSERT_EQ((qr->size - 17) % 4, 0);  // Version v has 17 + 4v modules a side.
  // Finder pattern (ISO/IEC 18004 6.3.3) in the top-left corner: dark ring, light ring, dark 3x3.
  for (int i = 0; i < 7; ++i) {
    EXPECT_TRUE(qr->Dark(i, 0) && qr->Dark(0, i) && qr->Dark(6, i) && qr->Dark(i, 6));
  }
  EXPECT_FALSE(qr->Dark(1, 1));
  EXPECT_TRUE(qr->Dark(3, 3));
  size_t dark = 0;
  for (bool m : qr->modules) dark += m;

  const std::string svg = QrSvg(*qr);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  size_t squares = 0;
  for (size_t at = svg.find("h1v1h-1z"); at != std::string::npos; at = svg.find("h1v1h-1z", at + 1)) ++squares;
  EXPECT_EQ(squares, dark);

  const int scale = 3;
  auto png = QrPng(*qr, scale);
  ASSERT_TRUE(png.has_value()) << png.error().ToString();
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  ASSERT_TRUE(png_image_begin_read_from_memory(&image, png->data(), png->size()));
  image.format = PNG_FORMAT_GRAY;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  ASSERT_TRUE(png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr));
  const int side = (qr->size + 8) * scale;
  ASSERT_EQ(image.width, static_cast<png_uint_32>(side));
  for (int y = 0; y < qr->size + 8; ++y) {
    for (int x = 0; x < qr->size + 8; ++x) {
      const bool module_dark = x >= 4 && y >= 4 && x < qr->size + 4 && y < qr->size + 4 && qr->Dark(x - 4, y - 4);
      const unsigned char px = pixels[static_cast<size_t>(y * scale + 1) * side + x * scale + 1];
      ASSERT_EQ(px == 0, module_dark) << x << "," << y;
    }
  }

  const std::string text = QrUtf8(*qr);
  size_t lines = 0;
  for (char ch : text) lines += ch == '\n';
  EXPECT_EQ(lines, static_cast<size_t>((qr->size + 4 + 1) / 2));
  // Two module rows per line: the top-left finder's first row (dark) under a light margin row.
  EXPECT_NE(text.find("\u2588\u2588\u2580\u2580"), std::string::npos);

  EXPECT_FALSE(EncodeQr(std::string(3000, 'a')).has_value());
}

}  // namespace
}  // namespace kakunin::otp
