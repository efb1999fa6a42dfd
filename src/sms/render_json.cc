#include <nlohmann/json.hpp>

#include "kakunin/sms.h"

namespace kakunin::sms {
namespace {

using nlohmann::ordered_json;

template <class T>
ordered_json Messages(const std::vector<T>& items) {
  ordered_json out = ordered_json::array();
  for (const auto& i : items) out.push_back({{"id", i.id}, {"message", i.message_en}, {"message_ja", i.message_ja}});
  return out;
}

ordered_json LinkJson(const links::AnalyzedLink& l) {
  ordered_json findings = ordered_json::array();
  for (const auto& f : l.findings) {
    findings.push_back({{"id", f.finding.id}, {"severity", SeverityName(f.finding.severity)}, {"evidence", f.evidence}});
  }
  return {{"raw", l.link.raw},
          {"href", l.link.href},
          {"scheme", l.scheme},
          {"host", l.host},
          {"unicode_host", l.unicode_host},
          {"registrable_domain", l.registrable_domain},
          {"shortener", !l.registrable_domain.empty() && links::IsShortener(l.registrable_domain)},
          {"findings", std::move(findings)}};
}

}  // namespace

std::string RenderJson(const Report& report) {
  ordered_json sender = nullptr;
  if (report.sender.kind != SenderKind::kNone) {
    sender = {{"raw", report.sender.raw},
              {"normalized", report.sender.normalized},
              {"kind", SenderKindName(report.sender.kind)},
              {"authenticated", false}};
  }
  ordered_json claims = ordered_json::array();
  for (const auto& c : report.claims) {
    claims.push_back(
        {{"brand", c.brand_id}, {"where", ClaimWhereName(c.where)}, {"matched", c.matched}, {"lookalike", c.lookalike}});
  }
  ordered_json requests = ordered_json::array();
  for (const auto& q : report.requests) {
    requests.push_back({{"kind", RequestKindName(q.kind)}, {"phrase", q.phrase}, {"matched", q.matched}});
  }
  ordered_json link_list = ordered_json::array();
  for (const auto& l : report.links) link_list.push_back(LinkJson(l));
  ordered_json findings = ordered_json::array();
  for (const auto& f : report.findings) {
    findings.push_back(
        {{"id", f.id}, {"severity", SeverityName(f.severity)}, {"message", f.message_en}, {"message_ja", f.message_ja}});
  }
  ordered_json doc = {
      {"schema", kSchema},
      {"verdict", VerdictName(report.verdict)},
      {"rule", report.rule},
      {"brand", report.brand ? ordered_json(*report.brand) : ordered_json(nullptr)},
      {"notice", triage::NoticeKindName(report.notice.kind)},
      {"code", report.notice.code ? ordered_json(report.notice.code->code) : ordered_json(nullptr)},
      {"odds", report.odds_en.empty() ? ordered_json(nullptr)
                                      : ordered_json({{"message", report.odds_en},
                                                      {"message_ja", report.odds_ja},
                                                      {"over_window", report.odds_over_window}})},
      {"reasons", Messages(report.reasons)},
      {"sender", std::move(sender)},
      {"claims", std::move(claims)},
      {"requests", std::move(requests)},
      {"text", report.text},
      {"normalized", report.normalized},
      {"links", std::move(link_list)},
      {"findings", std::move(findings)},
      {"actions", Messages(report.actions)},
  };
  // Invalid UTF-8 cannot reach here (Analyze replaced it), but never throw on message text.
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kakunin::sms
