#include <nlohmann/json.hpp>

#include "kakunin/report.h"

namespace kakunin::report {
namespace {

using nlohmann::ordered_json;

ordered_json Mailboxes(const std::vector<mime::Mailbox>& list) {
  ordered_json out = ordered_json::array();
  for (const auto& mb : list) {
    ordered_json j = {{"name", mb.display_name}, {"address", mb.address}};
    if (mb.address_unicode != mb.address) j["address_unicode"] = mb.address_unicode;
    out.push_back(std::move(j));
  }
  return out;
}

ordered_json MessageJson(const mime::Message& m) {
  ordered_json parts = ordered_json::array();
  for (const auto& p : m.parts()) {
    ordered_json j = {{"index", p.index}, {"depth", p.depth}, {"content_type", p.content_type}};
    if (!p.charset.empty()) j["charset"] = p.charset;
    if (!p.transfer_encoding.empty()) j["transfer_encoding"] = p.transfer_encoding;
    if (!p.is_multipart) j["size"] = p.decoded_size;
    if (!p.filename.empty()) j["filename"] = p.filename;
    if (!p.disposition.empty()) j["disposition"] = p.disposition;
    parts.push_back(std::move(j));
  }
  ordered_json attachments = ordered_json::array();
  for (const auto& a : m.attachments()) {
    attachments.push_back({{"part", a.part_index},
                           {"filename", a.filename},
                           {"content_type", a.content_type},
                           {"size", a.size},
                           {"sha256", a.sha256_hex}});
  }
  ordered_json j = {
      {"from", Mailboxes(m.from())},
      {"to", Mailboxes(m.to())},
      {"cc", Mailboxes(m.cc())},
      {"reply_to", Mailboxes(m.reply_to())},
      {"sender", Mailboxes(m.sender())},
      {"return_path", m.return_path()},
      {"subject", m.subject()},
      {"date", m.date_raw()},
      {"date_unix", m.date_unix() ? ordered_json(*m.date_unix()) : ordered_json(nullptr)},
      {"message_id", m.message_id()},
      {"received", m.received()},
      {"header_fields", m.fields().size()},
      {"size", m.wire().size()},
      {"parts", std::move(parts)},
      {"attachments", std::move(attachments)},
  };
  return j;
}

ordered_json DkimJson(const dkim::SignatureResult& r) {
  ordered_json j = {{"result", dkim::AuthResultName(r.result)},
                    {"reason", r.reason},
                    {"domain", r.domain},
                    {"selector", r.selector},
                    {"algorithm", r.algorithm},
                    {"canonicalization", r.canonicalization},
                    {"key_bits", r.key_bits},
                    {"testing_key", r.testing_key},
                    {"dnssec", dns::DnssecName(r.dnssec)}};
  if (!r.identity.empty()) j["identity"] = r.identity;
  if (r.timestamp) j["timestamp"] = *r.timestamp;
  if (r.expiration) j["expiration"] = *r.expiration;
  if (r.body_length) j["body_length"] = *r.body_length;
  ordered_json ids = ordered_json::array();
  for (const auto& f : r.findings) ids.push_back(f.id);
  j["findings"] = std::move(ids);
  return j;
}

ordered_json DmarcJson(const dmarc::Evaluation& e) {
  ordered_json verdicts = ordered_json::array();
  for (const auto& v : e.verdicts) {
    ordered_json j = {{"result", dmarc::DmarcResultName(v.result)},
                      {"from_domain", v.from_domain},
                      {"organizational_domain", v.organizational_domain},
                      {"record_domain", v.record_domain},
                      {"policy", dmarc::PolicyName(v.requested_policy)},
                      {"applied_policy", dmarc::PolicyName(v.applied_policy)},
                      {"dkim_aligned", v.dkim_aligned},
                      {"dkim_domain", v.dkim_domain},
                      {"spf_aligned", v.spf_aligned},
                      {"spf_domain", v.spf_domain},
                      {"reason", v.reason}};
    if (v.record) j["record"] = v.record->ToString();
    verdicts.push_back(std::move(j));
  }
  return {{"result", dmarc::DmarcResultName(e.result)},
          {"applied_policy", dmarc::PolicyName(e.applied_policy)},
          {"domains", std::move(verdicts)}};
}

ordered_json SpfJson(const AuthenticationReport& a) {
  ordered_json j = {{"evaluated", a.spf.has_value()}};
  const auto& in = a.spf_inputs;
  if (!a.spf) {
    j["reason"] = in.reason;
    return j;
  }
  j["result"] = spf::SpfResultName(a.spf->result);
  j["domain"] = a.spf->domain;
  j["ip"] = in.ip;
  j["helo"] = in.helo;
  j["mail_from"] = in.mail_from;
  j["provider"] = in.provider;
  j["mechanism"] = a.spf->mechanism;
  j["reason"] = a.spf->reason;
  return j;
}

ordered_json ArcJson(const arc::ChainResult& c) {
  ordered_json hops = ordered_json::array();
  for (const auto& h : c.hops) {
    hops.push_back({{"instance", h.instance},
                    {"authserv_id", h.authserv_id},
                    {"seal_domain", h.seal_domain},
                    {"cv", h.cv},
                    {"claimed", h.claimed},
                    {"seal_valid", h.seal_valid},
                    {"ams_valid", h.ams_valid}});
  }
  return {{"result", arc::ChainStatusName(c.status)},
          {"reason", c.reason},
          {"instances", c.instances},
          {"oldest_pass", c.oldest_pass},
          {"hops", std::move(hops)}};
}

ordered_json StampJson(const authres::Stamp& s) {
  ordered_json j = {{"field", s.field_name}, {"trust", authres::TrustName(s.trust)}, {"why", s.why}};
  if (!s.header) {
    j["parse_error"] = s.parse_error;
    return j;
  }
  j["authserv_id"] = s.header->authserv_id;
  ordered_json results = ordered_json::array();
  for (const auto& r : s.header->results) {
    ordered_json props = ordered_json::object();
    for (const auto& p : r.properties) props[p.ptype + "." + p.property] = p.value;
    results.push_back({{"method", r.method}, {"result", r.result}, {"properties", std::move(props)}});
  }
  j["results"] = std::move(results);
  return j;
}

ordered_json AuthenticationJson(const AuthenticationReport& a) {
  ordered_json dkim = ordered_json::array();
  for (const auto& r : a.dkim) dkim.push_back(DkimJson(r));
  ordered_json trusted = ordered_json::array();
  ordered_json untrusted = ordered_json::array();
  for (const auto& s : a.stamps) (s.trust == authres::Trust::kTrusted ? trusted : untrusted).push_back(StampJson(s));
  return {{"dns_available", a.dns_available},
          {"authenticated", a.authenticated},
          {"authenticated_domain", a.authenticated_domain},
          {"method", a.method},
          {"method_detail", a.method_detail},
          {"failed", a.failed},
          {"summary", a.summary_en},
          {"summary_ja", a.summary_ja},
          {"dkim", std::move(dkim)},
          {"spf", SpfJson(a)},
          {"dmarc", a.dmarc ? DmarcJson(*a.dmarc) : ordered_json(nullptr)},
          {"arc", a.arc ? ArcJson(*a.arc) : ordered_json(nullptr)},
          {"trusted_results", std::move(trusted)},
          {"untrusted_results", std::move(untrusted)}};
}

ordered_json LinksJson(const std::vector<links::AnalyzedLink>& list) {
  ordered_json out = ordered_json::array();
  for (const auto& l : list) {
    ordered_json findings = ordered_json::array();
    for (const auto& f : l.findings) {
      findings.push_back({{"id", f.finding.id}, {"severity", SeverityName(f.finding.severity)}, {"evidence", f.evidence}});
    }
    out.push_back({{"part", l.link.part_index},
                   {"element", links::ElementName(l.link.element)},
                   {"text", l.link.text},
                   {"raw", l.link.raw},
                   {"href", l.link.href},
                   {"scheme", l.scheme},
                   {"host", l.host},
                   {"unicode_host", l.unicode_host},
                   {"registrable_domain", l.registrable_domain},
                   {"findings", std::move(findings)}});
  }
  return out;
}

ordered_json Document(const Report& report) {
  ordered_json findings = ordered_json::array();
  for (const auto& f : report.findings) {
    findings.push_back({{"id", f.id},
                        {"severity", SeverityName(f.severity)},
                        {"message", f.message_en},
                        {"message_ja", f.message_ja}});
  }
  ordered_json actions = ordered_json::array();
  for (const auto& a : report.actions) {
    actions.push_back({{"id", a.id}, {"message", a.message_en}, {"message_ja", a.message_ja}});
  }
  ordered_json reasons = ordered_json::array();
  for (const auto& r : report.reasons) {
    reasons.push_back({{"id", r.id}, {"message", r.message_en}, {"message_ja", r.message_ja}});
  }
  ordered_json claims = ordered_json::array();
  for (const auto& c : report.claims) {
    claims.push_back({{"brand", c.brand_id},
                      {"source", brands::ClaimSourceName(c.source)},
                      {"matched", c.matched},
                      {"strength", c.strength}});
  }
  ordered_json doc = {
      {"schema", kInspectSchema},
      {"verdict", VerdictName(report.verdict)},
      {"brand", report.brand ? ordered_json(*report.brand) : ordered_json(nullptr)},
      {"notice", triage::NoticeKindName(report.notice.kind)},
      {"code", report.notice.code ? ordered_json(report.notice.code->code) : ordered_json(nullptr)},
      {"odds", report.odds_en.empty() ? ordered_json(nullptr) : ordered_json({{"message", report.odds_en}, {"message_ja", report.odds_ja}})},
      {"reasons", std::move(reasons)},
      {"claims", std::move(claims)},
      {"message", MessageJson(report.message)},
      {"authentication", AuthenticationJson(report.authentication)},
      {"links", LinksJson(report.links)},
      {"findings", std::move(findings)},
      {"actions", std::move(actions)},
  };
  return doc;
}

}  // namespace

// Replace invalid UTF-8 rather than throw: message text is attacker-controlled.
std::string RenderJson(const Report& report) {
  return Document(report).dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string RenderJsonLine(const Report& report) {
  return Document(report).dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace kakunin::report
