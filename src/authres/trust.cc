// The trust rule for Authentication-Results and the entry hop (see authres.h). Header fields are
// attacker-controlled below the entry hop; work is linear in the number of fields, which
// mime::Limits bounds.
#include "base/strings.h"
#include "kakunin/authres.h"
#include "kakunin/spf.h"

namespace kakunin::authres {
namespace {

bool IsUnder(std::string_view host, std::string_view suffix) {
  if (suffix.empty() || host.size() < suffix.size()) return false;
  if (!base::EndsWithIgnoreCase(host, suffix)) return false;
  return host.size() == suffix.size() || host[host.size() - suffix.size() - 1] == '.';
}

bool UnderAny(std::string_view host, const std::vector<std::string>& suffixes) {
  for (const auto& s : suffixes) {
    if (IsUnder(host, s)) return true;
  }
  return false;
}

// A "by" that names no host: absent, an address ("by 2002:a05::..." in Gmail) or a literal.
bool IsUnnamed(std::string_view by) {
  if (by.empty() || by.front() == '[') return true;
  return spf::IpAddress::Parse(by).has_value();
}

// Who wrote a Received field, judged by its "by" host.
struct Writer {
  const Provider* provider = nullptr;  // A built-in provider, or
  std::string trusted_id;              // the --trust-authserv value that matched.
  bool known() const { return provider != nullptr || !trusted_id.empty(); }
  std::string name() const { return provider != nullptr ? provider->name : trusted_id; }
  bool operator==(const Writer& o) const { return provider == o.provider && trusted_id == o.trusted_id; }
};

Writer WriterOf(std::string_view by, const TrustPolicy& policy) {
  Writer w;
  for (const auto& id : policy.trusted_ids) {
    if (IsUnder(by, base::ToLower(id))) {
      w.trusted_id = base::ToLower(id);
      return w;
    }
  }
  if (policy.use_builtin_providers) {
    for (const auto& p : BuiltinProviders()) {
      if (UnderAny(by, p.host_suffixes)) {
        w.provider = &p;
        return w;
      }
    }
  }
  return w;
}

bool IsResultsField(std::string_view name) {
  return base::EqualsIgnoreCase(name, "Authentication-Results") ||
         base::EqualsIgnoreCase(name, "ARC-Authentication-Results");
}

}  // namespace

std::string_view TrustName(Trust trust) {
  switch (trust) {
    case Trust::kTrusted: return "trusted";
    case Trust::kUntrusted: return "untrusted";
    case Trust::kForged: return "forged";
  }
  return "untrusted";
}

Classification Classify(const mime::Message& message, const TrustPolicy& policy) {
  Classification out;
  const auto& fields = message.fields();
  out.boundary_field_index = fields.size();

  // Walk the Received fields from the top through the block the provider wrote.
  Writer block;            // Who wrote the named hops seen so far.
  size_t lowest_named = 0;  // Field index of the lowest named provider hop.
  size_t received_no = 0;
  bool stopped = false;
  std::string stop_reason;
  for (size_t i = 0; i < fields.size() && !stopped; ++i) {
    if (!base::EqualsIgnoreCase(fields[i].name, "Received")) continue;
    size_t this_no = received_no++;
    auto hop = ParseReceived(fields[i].UnfoldedValue());
    if (!hop) {
      stopped = true;
      out.boundary_field_index = i;
      stop_reason = "Received header #" + std::to_string(this_no + 1) + " cannot be read (" + hop.error().message + ")";
      break;
    }
    if (IsUnnamed(hop->by)) {
      // Internal hand-offs (Gmail writes "by 2002:...") belong to the block only above its first
      // named hop; below it, nothing vouches for them.
      if (!block.known()) continue;
      stopped = true;
      out.boundary_field_index = i;
      break;
    }
    Writer w = WriterOf(hop->by, policy);
    if (!w.known() || (block.known() && !(w == block))) {
      stopped = true;
      out.boundary_field_index = i;
      stop_reason = "the newest Received header not written by a trusted provider is by '" + hop->by + "'";
      break;
    }
    block = w;
    lowest_named = i;
    out.entry.hop = *hop;
    out.entry.field_index = i;
    out.entry.received_index = this_no;
    if (w.provider != nullptr && UnderAny(hop->by, w.provider->entry_host_suffixes)) {
      // The provider's inbound MX: everything below came from outside.
      out.entry.found = true;
      out.entry.provider = w.name();
      out.entry.reason = "accepted by " + hop->by + " (" + w.name() + ") from " +
                         (hop->ip.empty() ? hop->from_name : hop->helo + " [" + hop->ip + "]");
      for (size_t j = i + 1; j < fields.size(); ++j) {
        if (base::EqualsIgnoreCase(fields[j].name, "Received")) {
          out.boundary_field_index = j;
          break;
        }
      }
      stopped = true;
    }
  }
  if (!out.entry.found) {
    if (!block.known()) {
      out.entry.reason = "no Received header was written by a trusted host (give the provider's authserv-id with "
                         "--trust-authserv, or it is not a recognised provider)";
      if (!stop_reason.empty()) out.entry.reason += "; " + stop_reason;
      // Nothing is the provider's: only fields above the first Received can be its stamps.
      for (size_t i = 0; i < fields.size(); ++i) {
        if (base::EqualsIgnoreCase(fields[i].name, "Received")) {
          out.boundary_field_index = std::min(out.boundary_field_index, i);
          break;
        }
      }
    } else if (block.provider != nullptr && !block.provider->entry_host_suffixes.empty()) {
      out.entry.reason = block.name() + " wrote Received headers, but none by its inbound MX hosts";
    } else {
      // No inbound MX names known: the lowest hop of the provider's block is the entry hop.
      out.entry.found = true;
      out.entry.field_index = lowest_named;
      out.entry.provider = block.name();
      out.entry.reason = "lowest Received header written by " + block.name() + " (by " + out.entry.hop.by + ")";
    }
  }

  // Authserv-ids trusted for this message.
  std::vector<std::string> ids;
  for (const auto& id : policy.trusted_ids) ids.push_back(base::ToLower(id));
  bool accept_missing_id = false;
  if (block.provider != nullptr) {
    ids.insert(ids.end(), block.provider->authserv_suffixes.begin(), block.provider->authserv_suffixes.end());
    accept_missing_id = block.provider->writes_no_authserv_id;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!IsResultsField(fields[i].name)) continue;
    Stamp s;
    s.field_name = std::string(fields[i].name);
    s.field_index = i;
    auto parsed = Parse(fields[i].UnfoldedValue());
    if (!parsed) {
      s.parse_error = parsed.error().message;
      s.why = "cannot be parsed: " + s.parse_error;
      out.stamps.push_back(std::move(s));
      continue;
    }
    std::string id = parsed->authserv_id;
    bool trusted_id = parsed->missing_authserv_id ? accept_missing_id : UnderAny(id, ids);
    std::string who = parsed->missing_authserv_id ? "(no authserv-id, " + block.name() + " style)" : "'" + id + "'";
    if (!trusted_id) {
      s.trust = Trust::kUntrusted;
      s.why = parsed->missing_authserv_id ? "no authserv-id" : "authserv-id '" + id + "' is not trusted";
    } else if (i < out.boundary_field_index) {
      s.trust = Trust::kTrusted;
      s.why = "stamped by " + who + " above the first Received header the provider did not write";
    } else if (parsed->arc_instance > 0) {
      // An earlier ARC hop's results (the same provider may have sealed a previous delivery, as
      // Gmail does for forwarded mail): position proves nothing either way; only a validated ARC
      // chain (arc/) vouches for it.
      s.trust = Trust::kUntrusted;
      s.why = "ARC-Authentication-Results i=" + std::to_string(parsed->arc_instance) + " from " + who +
              " of an earlier hop: believe it only through a validated ARC chain";
    } else {
      s.trust = Trust::kForged;
      s.why = "carries the trusted authserv-id " + who +
              " but sits below the first Received header the provider did not write: the sender wrote it";
    }
    s.header = std::move(*parsed);
    out.stamps.push_back(std::move(s));
  }
  return out;
}

SpfInputs FindSpfInputs(const mime::Message& message, const TrustPolicy& policy) {
  SpfInputs in;
  Classification c = Classify(message, policy);
  in.provider = c.entry.provider;
  if (!c.entry.found) {
    in.reason = "the hop where the provider accepted the message cannot be identified: " + c.entry.reason;
    return in;
  }
  if (c.entry.hop.ip.empty()) {
    in.reason = "the entry hop's Received header (by " + c.entry.hop.by + ") does not record the client IP";
    return in;
  }
  if (message.return_path().empty()) {
    in.reason = "no Return-Path header: the MAIL FROM address is unknown";
    return in;
  }
  in.evaluated = true;
  in.ip = c.entry.hop.ip;
  in.helo = c.entry.hop.helo;
  in.mail_from = message.return_path().front();
  in.reason = c.entry.reason;
  return in;
}

}  // namespace kakunin::authres
