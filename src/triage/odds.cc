// Brute-force odds for one-time codes. With N codes in the space and k distinct guesses per code,
// one code falls with probability p = k/N; codes are drawn independently, so over m codes the
// attacker succeeds at least once with 1 - (1 - p)^m. For p = 1e-6 and m = 240, (1 - p)^m is
// 0.99976...; computing it as exp(m * log1p(-p)) keeps the digits that pow(1 - p, m) loses when p
// is tiny (1 - 1e-17 rounds to 1 in double).
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "kakunin/notice.h"

namespace kakunin::triage {
namespace {

// Past this, "1 in N" has no meaning for people; it is written as a bound.
constexpr double kOneInLimit = 1e18;

std::string Grouped(double value) {
  std::string digits = fmt::format("{:.0f}", value);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count > 0 && count % 3 == 0) out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++count;
  }
  return out;
}

std::string Number(double v) {
  return v == std::floor(v) ? fmt::format("{:.0f}", v) : fmt::format("{:.1f}", v);
}

}  // namespace

GuessingModel DefaultGuessingModel() { return GuessingModel{}; }

GuessingModel GuessingModelFor(const brands::CodePolicy& policy, std::vector<std::string>* defaulted) {
  GuessingModel m = DefaultGuessingModel();
  auto note = [defaulted](const char* field) {
    if (defaulted != nullptr) defaulted->emplace_back(field);
  };
  if (policy.alphabet_size && policy.length) {
    m.alphabet_size = static_cast<uint32_t>(*policy.alphabet_size);
    m.length = static_cast<uint32_t>(*policy.length);
  } else if (policy.digits) {
    m.alphabet_size = 10;
    m.length = static_cast<uint32_t>(*policy.digits);
  } else {
    note("length");
  }
  if (policy.attempts) {
    m.tries_per_code = static_cast<uint32_t>(*policy.attempts);
  } else {
    note("tries_per_code");
  }
  // How many codes an attacker can make a service send is never published: always the default.
  note("codes_per_hour");
  note("hours");
  return m;
}

CodeOddsText DescribeCodeOdds(const OneTimeCode& code, const brands::CodePolicy* policy) {
  GuessingModel model = policy ? GuessingModelFor(*policy) : DefaultGuessingModel();
  if (!code.alphanumeric && code.digits == code.code.size()) {
    model.alphabet_size = 10;
    model.length = static_cast<uint32_t>(code.digits);
  }
  CodeOddsText text;
  if (auto odds = ComputeOdds(model)) {
    text.en = DescribeOdds(model, *odds, "en");
    text.ja = DescribeOdds(model, *odds, "ja");
    text.over_window = odds->over_window;
  }
  return text;
}

Result<GuessingOdds> ComputeOdds(const GuessingModel& model) {
  if (model.alphabet_size < 2) return Fail(ErrorCode::kInvalidArgument, "alphabet_size must be at least 2");
  if (model.length == 0) return Fail(ErrorCode::kInvalidArgument, "length must be at least 1");
  if (model.tries_per_code == 0) return Fail(ErrorCode::kInvalidArgument, "tries_per_code must be at least 1");
  if (!std::isfinite(model.codes_per_hour) || model.codes_per_hour < 0) {
    return Fail(ErrorCode::kInvalidArgument, "codes_per_hour must be a finite number >= 0");
  }
  if (!std::isfinite(model.hours) || model.hours < 0) {
    return Fail(ErrorCode::kInvalidArgument, "hours must be a finite number >= 0");
  }
  GuessingOdds odds;
  // N = alphabet^length is exact in a double up to 2^53; past double's range use logarithms:
  // log(k / N) = log k - length * log(alphabet).
  const double k = static_cast<double>(model.tries_per_code);
  const double n = std::pow(static_cast<double>(model.alphabet_size), static_cast<double>(model.length));
  if (std::isfinite(n)) {
    odds.per_code = k >= n ? 1.0 : k / n;
  } else {
    odds.per_code =
        std::exp(std::log(k) - static_cast<double>(model.length) * std::log(static_cast<double>(model.alphabet_size)));
  }
  odds.codes = model.codes_per_hour * model.hours;
  if (odds.codes == 0) {
    odds.over_window = 0.0;
  } else if (odds.per_code >= 1.0) {
    odds.over_window = 1.0;
  } else {
    odds.over_window = -std::expm1(odds.codes * std::log1p(-odds.per_code));
  }
  return odds;
}

std::string FormatOneIn(double probability, std::string_view lang) {
  const bool ja = lang == "ja";
  if (!(probability > 0)) return ja ? "0(起こりえない)" : "0 (impossible)";
  if (probability >= 1) return ja ? "確実" : "certain";
  const double n = 1.0 / probability;
  if (n > kOneInLimit) return ja ? "10^18分の1未満" : "less than 1 in 10^18";
  const std::string grouped = Grouped(std::round(n));
  return ja ? grouped + "分の1" : "1 in " + grouped;
}

std::string DescribeOdds(const GuessingModel& model, const GuessingOdds& odds, std::string_view lang) {
  const bool ja = lang == "ja";
  const bool digits = model.alphabet_size == 10;
  std::string space = digits ? (ja ? fmt::format("{}桁", model.length) : fmt::format("{} digits", model.length))
                             : (ja ? fmt::format("{}文字({}種類の文字)", model.length, model.alphabet_size)
                                   : fmt::format("{} characters from {}", model.length, model.alphabet_size));
  if (ja) {
    return fmt::format("{}・1コードあたり{}回まで: 1コードあたり{}、1時間に{}コードで{}時間続けると約{}", space,
                       model.tries_per_code, FormatOneIn(odds.per_code, "ja"), Number(model.codes_per_hour),
                       Number(model.hours), FormatOneIn(odds.over_window, "ja"));
  }
  return fmt::format("{}, {} {} per code: {} per code; about {} over {} hours at {} codes per hour", space,
                     model.tries_per_code, model.tries_per_code == 1 ? "try" : "tries",
                     FormatOneIn(odds.per_code, "en"), FormatOneIn(odds.over_window, "en"), Number(model.hours),
                     Number(model.codes_per_hour));
}

}  // namespace kakunin::triage
