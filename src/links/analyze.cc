// Findings per link: each check names the trick and keeps its evidence.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "kakunin/links.h"
#include "links/findings.h"
#include "links/resolve.h"
#include "url/percent.h"

namespace kakunin::links {
namespace {

using internal::MakeFinding;

// Evidence strings quote attacker text; this keeps a report readable and bounded.
constexpr size_t kMaxEvidenceBytes = 200;
// Link text of more Latin words than this is a sentence, not a button naming a brand.
constexpr int kMaxButtonWords = 4;
// Redirect targets are looked for in at most this many query parameters.
constexpr size_t kMaxQueryParams = 64;

std::string Clip(std::string_view s) {
  if (s.size() <= kMaxEvidenceBytes) return std::string(s);
  return std::string(s.substr(0, base::Utf8PrefixLength(s, kMaxEvidenceBytes))) + "...";
}

// Percent-decoded and made valid UTF-8, for showing what a person reads in the address.
std::string DecodeForDisplay(std::string_view s) {
  return url::internal::SanitizeUtf8(url::internal::PercentDecode(s));
}

bool IsWebScheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ftp" || scheme == "ws" || scheme == "wss";
}

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), for
// labels of at most 63 bytes (RFC 1035 2.3.4); longer inputs return a large value.
size_t EditDistance(std::string_view a, std::string_view b) {
  if (a.size() > 63 || b.size() > 63) return 64;
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

struct Context {
  const url::PublicSuffixList& psl;
  const BrandList* brands;
};

// The registrable label: "amazon" for "www.amazon.co.jp".
std::string RegistrableLabel(const Context& ctx, const std::string& registrable) {
  std::string suffix = ctx.psl.PublicSuffix(registrable);
  return registrable.size() > suffix.size() + 1 ? registrable.substr(0, registrable.size() - suffix.size() - 1)
                                                 : registrable;
}

// The host a piece of visible text shows: the first URL in it, or a bare domain whose public
// suffix is really listed ("amazon.co.jp" counts, "file.txt" does not).
struct ShownHost {
  std::string host;
  std::string registrable;
  std::string scheme;  // "" when the text shows no scheme.
};

std::optional<ShownHost> HostShownIn(const Context& ctx, std::string_view text) {
  for (const auto& link : ExtractText(text)) {
    if (!link.url || !link.url->host || link.url->host->kind != url::HostKind::kDomain) continue;
    ShownHost shown;
    shown.host = link.url->host->serialized;
    shown.registrable = ctx.psl.RegistrableDomain(shown.host);
    bool has_scheme = link.raw.find("://") != std::string::npos;
    shown.scheme = has_scheme ? link.url->scheme : "";
    if (!shown.registrable.empty()) return shown;
  }
  // Bare domains: split on spaces and the punctuation around them.
  std::string token;
  auto check = [&](std::string_view t) -> std::optional<ShownHost> {
    while (!t.empty() && std::string_view(".,;:!?()[]<>\"'").find(t.back()) != std::string_view::npos) t.remove_suffix(1);
    while (!t.empty() && std::string_view("([<\"'").find(t.front()) != std::string_view::npos) t.remove_prefix(1);
    if (t.find('.') == std::string_view::npos || t.find('@') != std::string_view::npos) return std::nullopt;
    auto ascii = url::DomainToAscii(t);
    if (!ascii) return std::nullopt;
    std::string suffix = ctx.psl.PublicSuffix(*ascii);
    if (suffix.empty() || !ctx.psl.IsListedSuffix(suffix)) return std::nullopt;
    ShownHost shown;
    shown.host = *ascii;
    shown.registrable = ctx.psl.RegistrableDomain(*ascii);
    if (shown.registrable.empty()) return std::nullopt;
    return shown;
  };
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == '\t' || text[i] == '\n') {
      if (i > start) {
        if (auto shown = check(text.substr(start, i - start))) return shown;
      }
      start = i + 1;
    }
  }
  return std::nullopt;
}

bool SameBrand(const Context& ctx, const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (ctx.brands == nullptr) return false;
  const BrandList::Brand* ba = ctx.brands->FindByDomain(a);
  return ba != nullptr && ba == ctx.brands->FindByDomain(b);
}

void CheckScheme(const Link& link, const url::Url& u, AnalyzedLink& a) {
  const std::string& s = u.scheme;
  bool script = s == "javascript" || s == "vbscript";
  // data: in an img is an inline picture, the normal case; anywhere else it hides a page.
  bool data = s == "data" && link.element != Element::kImg;
  if (script || data) {
    a.findings.push_back(MakeFinding("link.non_http", Severity::kHigh,
                                     "The link runs " + s + ": content instead of opening a web page.",
                                     "このリンクはWebページを開かず、" + s + ": の内容を実行・表示します。",
                                     Clip(link.raw)));
  } else if (s == "file") {
    a.findings.push_back(MakeFinding("link.non_http", Severity::kMedium,
                                     "The link opens a file: URL (a file on this computer or a network share).",
                                     "このリンクは file: URL(この端末や共有フォルダのファイル)を開きます。",
                                     Clip(link.raw)));
  }
}

void CheckHost(const Link& link, const url::Url& u, AnalyzedLink& a) {
  const url::Host& host = *u.host;
  if (host.IsIp()) {
    // The browser shows dotted decimal; if the mail wrote something else, it was disguised.
    bool disguised = base::FindIgnoreCase(link.raw, host.serialized) == std::string::npos;
    a.findings.push_back(MakeFinding(
        "link.ip_host", disguised ? Severity::kHigh : Severity::kMedium,
        disguised ? "The link goes to the IP address " + host.serialized + ", written in a disguised form."
                  : "The link goes to a bare IP address (" + host.serialized + "), not to a named site.",
        disguised ? "リンク先はIPアドレス " + host.serialized + " で、表記が偽装されています。"
                  : "リンク先はサイト名ではなくIPアドレス (" + host.serialized + ") です。",
        Clip(link.raw)));
  }
  if (!u.username.empty() || !u.password.empty()) {
    std::string user = DecodeForDisplay(u.username);
    a.findings.push_back(MakeFinding(
        "link.userinfo", Severity::kHigh,
        "Text before '@' in the link (" + Clip(user) + ") is ignored; the link really goes to " + host.serialized + ".",
        "リンク中の「@」より前 (" + Clip(user) + ") は無視され、実際の行き先は " + host.serialized + " です。",
        "userinfo: " + Clip(user) + "; host: " + host.serialized));
  }
  if (u.port && IsWebScheme(u.scheme)) {
    a.findings.push_back(MakeFinding("link.port", Severity::kMedium,
                                     "The link uses the unusual port " + std::to_string(*u.port) + ".",
                                     "リンクは通常と異なるポート " + std::to_string(*u.port) + " を使っています。",
                                     u.HostAndPort()));
  }
  if (host.kind != url::HostKind::kDomain) return;
  // IDN labels: shown in Unicode by mail clients and browsers, so each is checked for script mixing.
  bool idn = false;
  for (std::string_view label : base::Split(host.serialized, '.')) {
    if (!base::StartsWithIgnoreCase(label, "xn--")) continue;
    idn = true;
    std::string shown = url::DomainToUnicode(label);
    url::SpoofInfo spoof = url::CheckSpoof(shown);
    if (spoof.mixed_script && spoof.restriction >= url::RestrictionLevel::kModeratelyRestrictive) {
      std::string scripts;
      for (const auto& sc : spoof.scripts) scripts += (scripts.empty() ? "" : "+") + sc;
      a.findings.push_back(MakeFinding(
          "link.punycode_mixed_script", Severity::kHigh,
          "The domain label '" + shown + "' mixes scripts (" + scripts + "), a classic lookalike trick.",
          "ドメインのラベル「" + shown + "」は複数の文字種 (" + scripts + ") を混ぜた、なりすましの典型です。",
          std::string(label) + " = " + shown + " (" + scripts + ")"));
    }
  }
  if (idn) {
    a.findings.push_back(MakeFinding("link.idn", Severity::kLow,
                                     "The link's domain is internationalized: " + a.unicode_host + " (" +
                                         host.serialized + ").",
                                     "リンク先は国際化ドメインです: " + a.unicode_host + " (" + host.serialized + ")。",
                                     host.serialized));
  }
  if (!a.registrable_domain.empty() && IsShortener(a.registrable_domain)) {
    a.findings.push_back(MakeFinding("link.shortener", Severity::kLow,
                                     "The link uses the URL shortener " + a.registrable_domain +
                                         ", which hides where it finally goes.",
                                     "短縮URLサービス " + a.registrable_domain + " が使われ、最終的な行き先が隠れています。",
                                     a.registrable_domain));
  }
}

// Whether `token` is one of the '-'-separated parts of `label` ("amazon" in "amazon-jp-login").
bool HasHyphenToken(std::string_view label, std::string_view token) {
  for (std::string_view part : base::Split(label, '-')) {
    if (part == token) return true;
  }
  return false;
}

// The brand's domain whose registrable label is `label` ("amazon" -> "amazon.co.jp").
const std::string& DomainWithLabel(const BrandList::Brand& brand, const std::string& label) {
  for (const auto& d : brand.domains) {
    if (d.starts_with(label + ".")) return d;
  }
  return brand.domains.front();
}

void CheckBrands(const Context& ctx, const url::Url& u, AnalyzedLink& a) {
  if (ctx.brands == nullptr || a.registrable_domain.empty()) return;
  if (ctx.brands->FindByDomain(a.registrable_domain) != nullptr) return;  // The brand's own domain.
  const std::string label = RegistrableLabel(ctx, a.registrable_domain);
  const std::string unicode_label = url::DomainToUnicode(label);
  const std::string skeleton = url::Skeleton(unicode_label);
  const std::string& host = a.host;
  const std::string subdomain =
      host.size() > a.registrable_domain.size() ? host.substr(0, host.size() - a.registrable_domain.size() - 1) : "";
  const std::string where = DecodeForDisplay(u.Pathname() + (u.query ? "?" + *u.query : ""));
  // Subdomain labels as the reader sees them, with their skeletons ("аmazon" in Cyrillic too).
  std::vector<std::pair<std::string, std::string>> sub_labels;
  for (std::string_view l : base::Split(subdomain, '.')) {
    if (l.empty()) continue;
    std::string shown = url::DomainToUnicode(l);
    sub_labels.emplace_back(std::string(l), url::Skeleton(shown));
  }
  bool in_domain = false;
  for (const auto& brand : ctx.brands->brands()) {
    for (size_t i = 0; i < brand.labels.size() && !in_domain; ++i) {
      const std::string& brand_label = brand.labels[i];
      if (brand_label.size() < 4) continue;  // "au", "x": too short to compare without noise.
      if (!skeleton.empty() && skeleton == brand.skeletons[i] && unicode_label != brand_label) {
        a.findings.push_back(MakeFinding(
            "link.confusable", Severity::kHigh,
            "The domain " + a.unicode_host + " looks like " + brand.name + "'s " + DomainWithLabel(brand, brand_label) +
                " but belongs to someone else.",
            "ドメイン " + a.unicode_host + " は " + brand.name + " の " + DomainWithLabel(brand, brand_label) +
                " に似せた別人のものです。",
            unicode_label + " ~ " + brand_label + " (UTS #39 skeleton '" + skeleton + "')"));
        in_domain = true;
      } else if (label.size() >= 5 && label.size() + 1 >= brand_label.size() && brand_label.size() + 1 >= label.size() &&
                 EditDistance(label, brand_label) == 1) {  // Lengths within one: cheap filter first.
        a.findings.push_back(MakeFinding(
            "link.lookalike", Severity::kMedium,
            "The domain " + a.registrable_domain + " is one letter away from " + brand.name + "'s " + brand_label + ".",
            "ドメイン " + a.registrable_domain + " は " + brand.name + " の " + brand_label + " と1文字違いです。",
            label + " ~ " + brand_label + " (edit distance 1)"));
        in_domain = true;
      } else if (label == brand_label) {
        // amazon.top, google.co.uk: the brand's name under another suffix. Big brands own many
        // of these (the registry may not list them all), so this is weak evidence.
        a.findings.push_back(MakeFinding(
            "link.brand_other_suffix", Severity::kLow,
            "The domain " + a.registrable_domain + " is " + brand.name + "'s name under a suffix the brand list does not know.",
            "ドメイン " + a.registrable_domain + " は " + brand.name + " の名前ですが、ブランド一覧にない接尾辞です。",
            a.registrable_domain));
        in_domain = true;
      } else if (HasHyphenToken(label, brand_label)) {
        // amazon-security.top, secure-paypal.com. Without a hyphen ("amazonaws", "onmicrosoft",
        // "pontolivelo" with "live") containment says too little.
        a.findings.push_back(MakeFinding(
            "link.brand_in_domain", Severity::kMedium,
            "The domain " + a.registrable_domain + " contains the name " + brand_label + " but is not " + brand.name + "'s.",
            "ドメイン " + a.registrable_domain + " は " + brand_label + " を含みますが " + brand.name + " のものではありません。",
            a.registrable_domain));
        in_domain = true;
      }
    }
    if (in_domain) break;
    // "www.amazon.co.jp.example.top": the brand's name sits in front of someone else's domain.
    for (size_t i = 0; i < brand.labels.size(); ++i) {
      const std::string& brand_label = brand.labels[i];
      if (brand_label.size() < 4) continue;
      bool hit = false;
      for (const auto& [l, l_skeleton] : sub_labels) {
        hit = hit || l.find(brand_label) != std::string::npos || (!l_skeleton.empty() && l_skeleton == brand.skeletons[i]);
      }
      if (hit) {
        a.findings.push_back(MakeFinding(
            "link.brand_in_subdomain", Severity::kHigh,
            "The address starts with " + brand.name + "'s name, but the site is " + a.registrable_domain + ".",
            "アドレスの先頭は " + brand.name + " の名前ですが、実際のサイトは " + a.registrable_domain + " です。",
            subdomain + " . " + a.registrable_domain));
        return;
      }
    }
    for (const auto& d : brand.domains) {
      size_t at = base::FindIgnoreCase(where, d);
      // "...@google.com" in a path is a message id or an address, not a disguised host.
      if (at != std::string::npos && (at == 0 || where[at - 1] != '@')) {
        a.findings.push_back(MakeFinding(
            "link.brand_in_path", Severity::kLow,
            "The path or query names " + d + ", but the site is " + a.registrable_domain + ".",
            "パスやクエリに " + d + " とありますが、実際のサイトは " + a.registrable_domain + " です。",
            Clip(where)));
        return;
      }
    }
  }
}

// Query parameters (and path segments) that carry another absolute URL: an open redirect.
void CheckRedirect(const Context& ctx, const url::Url& u, AnalyzedLink& a) {
  if (a.registrable_domain.empty()) return;
  std::vector<std::string> candidates;
  if (u.query) {
    size_t count = 0;
    for (std::string_view param : base::Split(*u.query, '&')) {
      if (++count > kMaxQueryParams) break;
      size_t eq = param.find('=');
      if (eq == std::string_view::npos) continue;
      std::string value = url::internal::PercentDecode(param.substr(eq + 1));
      // Doubly encoded targets ("https%253A%252F%252F") are common in trackers.
      if (value.find('%') != std::string::npos) value = url::internal::PercentDecode(value);
      candidates.push_back(std::move(value));
    }
  }
  for (const auto& seg : u.path) {
    std::string value = url::internal::PercentDecode(seg);
    if (base::StartsWithIgnoreCase(value, "http")) candidates.push_back(std::move(value));
  }
  // "/redirect/https://evil/" splits into "https:", "", "evil": rejoin the path after a scheme.
  std::string path = u.Pathname();
  for (const char* scheme : {"/http://", "/https://", "/http:/", "/https:/"}) {
    size_t at = base::FindIgnoreCase(path, scheme);
    if (at != std::string::npos) candidates.push_back(path.substr(at + 1));
  }
  for (std::string& value : candidates) {
    if (value.starts_with("//")) value = "https:" + value;
    if (base::StartsWithIgnoreCase(value, "www.")) value = "http://" + value;
    if (!base::StartsWithIgnoreCase(value, "http://") && !base::StartsWithIgnoreCase(value, "https://")) continue;
    auto target = url::Parse(value);
    if (!target || !target->host || target->host->kind == url::HostKind::kOpaque) continue;
    std::string target_reg = target->host->IsIp() ? target->host->serialized : ctx.psl.RegistrableDomain(target->host->serialized);
    if (target_reg.empty() || SameBrand(ctx, target_reg, a.registrable_domain)) continue;
    bool brand_owned = ctx.brands != nullptr && ctx.brands->FindByDomain(a.registrable_domain) != nullptr;
    a.findings.push_back(MakeFinding(
        "link.redirect", brand_owned ? Severity::kHigh : Severity::kMedium,
        "The link passes through " + a.registrable_domain + " and is forwarded to " + target_reg + ".",
        "このリンクは " + a.registrable_domain + " を経由して " + target_reg + " へ転送されます。",
        Clip(target->Href())));
    return;
  }
}

// Whether `word` occurs in `text` (ASCII case-insensitive) with no ASCII letter or digit right
// before or after it ("Amazon" in "Amazonアカウント" yes, in "Amazonas" no).
bool ContainsWord(std::string_view text, std::string_view word) {
  for (size_t at = base::FindIgnoreCase(text, word); at != std::string_view::npos;
       at = base::FindIgnoreCase(text, word, at + 1)) {
    auto alnum = [](char c) { return base::IsAsciiAlpha(c) || base::IsAsciiDigit(c); };
    bool left = at == 0 || !alnum(text[at - 1]);
    bool right = at + word.size() >= text.size() || !alnum(text[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}

// The link text names a brand ("Amazonにログイン") but the link leads off that brand's domains.
void CheckDisplayBrand(const Context& ctx, const Link& link, AnalyzedLink& a) {
  if (ctx.brands == nullptr || a.registrable_domain.empty()) return;
  // A button ("Amazonにログイン", "Sign in to PayPal") is a few words; a sentence or a title that
  // mentions a brand ("Moving from YouTube to PeerTube") is not a claim to be that brand.
  int latin_words = 0;
  for (std::string_view w : base::Split(link.text, ' ')) {
    latin_words += std::any_of(w.begin(), w.end(), base::IsAsciiAlpha) ? 1 : 0;
  }
  if (latin_words > kMaxButtonWords) return;
  const BrandList::Brand* owner = ctx.brands->FindByDomain(a.registrable_domain);
  for (const auto& brand : ctx.brands->brands()) {
    if (&brand == owner) continue;
    // Names and labels of four letters or fewer are words too often ("Live Chat", "Line").
    bool named = brand.name.size() >= 5 && ContainsWord(link.text, brand.name);
    for (size_t i = 0; i < brand.labels.size() && !named; ++i) {
      named = brand.labels[i].size() >= 5 && ContainsWord(link.text, brand.labels[i]);
    }
    if (!named) continue;
    a.findings.push_back(MakeFinding(
        // Low: newsletters link social icons ("Facebook") through their own click tracker.
        "link.display_brand", Severity::kLow,
        "The link text names " + brand.name + " but the link goes to " + a.registrable_domain + ".",
        "リンクの文字列は " + brand.name + " を名乗っていますが、行き先は " + a.registrable_domain + " です。",
        "text: " + Clip(link.text) + "; goes to: " + a.host));
    return;
  }
}

void CheckDisplay(const Context& ctx, const Link& link, const url::Url& u, AnalyzedLink& a) {
  if (link.element != Element::kA && link.element != Element::kArea) return;
  if (link.text.empty() || !IsWebScheme(u.scheme)) return;
  auto shown = HostShownIn(ctx, link.text);
  if (!shown) {
    CheckDisplayBrand(ctx, link, a);
    return;
  }
  std::string real = !a.registrable_domain.empty() ? a.registrable_domain : a.host;
  if (shown->registrable != real) {
    if (SameBrand(ctx, shown->registrable, real)) return;
    a.findings.push_back(MakeFinding(
        "link.display_mismatch", Severity::kHigh,
        "The link shows " + shown->registrable + " but goes to " + real + ".",
        "リンクの表示は " + shown->registrable + " ですが、実際の行き先は " + real + " です。",
        "shown: " + Clip(link.text) + "; goes to: " + a.host));
  } else if (shown->scheme == "https" && u.scheme == "http") {
    a.findings.push_back(MakeFinding("link.display_scheme_mismatch", Severity::kLow,
                                     "The link shows https:// but opens an unencrypted http:// page.",
                                     "リンクの表示は https:// ですが、暗号化されない http:// のページを開きます。",
                                     "shown: " + Clip(link.text) + "; goes to: " + link.href));
  }
}

void CheckElement(const Link& link, AnalyzedLink& a) {
  if (link.element == Element::kForm) {
    if (link.form_has_password) {
      a.findings.push_back(MakeFinding("link.form_password", Severity::kHigh,
                                       "The mail itself contains a password field.",
                                       "メール本文にパスワード入力欄があります。", "input type=password"));
    }
    if (link.url && link.url->host && IsWebScheme(link.url->scheme)) {
      a.findings.push_back(MakeFinding("link.form_external", Severity::kMedium,
                                       "A form in the mail sends what you type to " + a.host + ".",
                                       "メール内のフォームは入力内容を " + a.host + " へ送信します。",
                                       link.form_method + " " + Clip(link.href)));
    }
  } else if (link.element == Element::kMetaRefresh) {
    a.findings.push_back(MakeFinding("link.meta_refresh", Severity::kMedium,
                                     "The HTML redirects by itself (meta refresh) to " + (a.host.empty() ? link.raw : a.host) + ".",
                                     "HTMLが自動的に (meta refresh) " + (a.host.empty() ? link.raw : a.host) + " へ移動します。",
                                     Clip(link.raw)));
  }
  if (!link.invisible.empty()) {
    std::string chars;
    for (const auto& c : link.invisible) chars += (chars.empty() ? "" : " ") + c;
    a.findings.push_back(MakeFinding("link.invisible_text", Severity::kLow,
                                     "The link text hides invisible characters (" + chars + ").",
                                     "リンクの文字列に見えない文字 (" + chars + ") が含まれています。", chars));
  }
}

AnalyzedLink AnalyzeOne(const Context& ctx, const Link& link) {
  AnalyzedLink a;
  a.link = link;
  CheckElement(link, a);
  if (!link.url) {
    if (!link.raw.empty() && !link.relative) {
      a.findings.push_back(MakeFinding("link.unparseable", Severity::kMedium,
                                       "The link is not a valid URL, so where it goes depends on the program that opens it.",
                                       "リンクが正しいURLではなく、行き先は開くプログラム次第です。",
                                       Clip(link.raw) + " (" + link.parse_error + ")"));
    }
    return a;
  }
  const url::Url& u = *link.url;
  a.scheme = u.scheme;
  CheckScheme(link, u, a);
  if (!u.host || u.host->kind == url::HostKind::kEmpty) return a;
  a.host = u.host->serialized;
  if (u.host->kind == url::HostKind::kDomain) {
    a.unicode_host = url::DomainToUnicode(a.host);
    a.registrable_domain = ctx.psl.RegistrableDomain(a.host);
  } else {
    a.unicode_host = a.host;
  }
  CheckHost(link, u, a);
  if (IsWebScheme(u.scheme)) {
    CheckBrands(ctx, u, a);
    CheckRedirect(ctx, u, a);
    CheckDisplay(ctx, link, u, a);
  }
  return a;
}

}  // namespace

std::vector<AnalyzedLink> Analyze(const std::vector<Link>& links, const AnalyzeOptions& options) {
  auto psl = options.psl ? options.psl : url::PublicSuffixList::Default();
  Context ctx{*psl, options.brands};
  std::vector<AnalyzedLink> out;
  out.reserve(links.size());
  for (const auto& link : links) out.push_back(AnalyzeOne(ctx, link));
  return out;
}

AnalyzedLink AnalyzeUrl(std::string_view input, const url::Url* base, const AnalyzeOptions& options) {
  Link link;
  link.element = Element::kA;
  link.raw = std::string(input);
  internal::Resolve(link, base);
  auto psl = options.psl ? options.psl : url::PublicSuffixList::Default();
  Context ctx{*psl, options.brands};
  return AnalyzeOne(ctx, link);
}

}  // namespace kakunin::links
