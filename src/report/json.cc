#include <nlohmann/json.hpp>

#include "kakunin/report.h"

namespace kakunin::report {
namespace {

using nlohmann::ordered_json;

ordered_json Mailboxes(const std::vector<mime::Mailbox>& list) {
  ordered_json out = ordered_json::array();
  for (const auto& mb : list) out.push_back({{"name", mb.display_name}, {"address", mb.address}});
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

}  // namespace

std::string RenderJson(const Report& report) {
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
  ordered_json doc = {
      {"schema", kInspectSchema},
      {"verdict", VerdictName(report.verdict)},
      {"message", MessageJson(report.message)},
      {"authentication", ordered_json::object()},
      {"links", ordered_json::array()},
      {"findings", std::move(findings)},
      {"actions", std::move(actions)},
  };
  // Replace invalid UTF-8 rather than throw: message text is attacker-controlled.
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kakunin::report
