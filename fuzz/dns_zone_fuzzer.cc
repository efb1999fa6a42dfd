// Fuzzes the zone-file parser (dns::internal::ParseZone) and the resolver over what it parsed.
// Invariants: parsing never crashes; every owner and target name passes CheckName; answers with
// status kOk have records; and writing the parsed zone back as a master file (absolute names,
// explicit TTLs, \DDD escapes) and parsing that gives the same records, TTLs and directives.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dns/name.h"
#include "dns/zone.h"
#include "dns/zone_resolver.h"

namespace {

using kakunin::dns::RrType;
using namespace kakunin::dns::internal;

void Check(bool ok) {
  if (!ok) std::abort();
}

std::string Absolute(const std::string& name) { return name + "."; }

std::string QuoteTxt(std::string_view data) {
  std::string out = "\"";
  size_t in_piece = 0;
  for (unsigned char c : data) {
    if (in_piece == kMaxCharacterString) {
      out += "\" \"";
      in_piece = 0;
    }
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03u", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
    ++in_piece;
  }
  return out + "\"";
}

std::string Write(const Zone& zone) {
  std::string out;
  for (const auto& [name, node] : zone.nodes) {
    for (const auto& [code, rrset] : node.rrsets) {
      std::string prefix = Absolute(name) + " " + std::to_string(rrset.ttl) + " IN ";
      auto type = static_cast<RrType>(code);
      if (!kakunin::dns::RrTypeFromName(kakunin::dns::RrTypeName(type))) {
        out += prefix + "TYPE" + std::to_string(code) + " \\# 0\n";
        continue;
      }
      for (const auto& r : rrset.records) {
        out += prefix + std::string(kakunin::dns::RrTypeName(type)) + " ";
        switch (type) {
          case RrType::kTxt:
            out += QuoteTxt(r.data);
            break;
          case RrType::kMx:
            out += std::to_string(r.preference) + " " + Absolute(r.data);
            break;
          case RrType::kCname:
          case RrType::kPtr:
            out += Absolute(r.data);
            break;
          default:
            out += r.data;
            break;
        }
        out += "\n";
      }
    }
  }
  const char* kinds[] = {"servfail", "timeout", "refused"};
  for (const auto& [name, faults] : zone.faults) {
    for (const auto& f : faults) {
      out += std::string(";! ") + kinds[static_cast<int>(f.kind)] + " " + Absolute(name);
      if (f.type) out += " " + std::string(kakunin::dns::RrTypeName(*f.type));
      out += "\n";
    }
  }
  const char* statuses[] = {"unknown", "secure", "insecure", "bogus"};
  for (const auto& [name, status] : zone.dnssec) {
    out += std::string(";! dnssec ") + statuses[static_cast<int>(status)] + " " + Absolute(name) +
           "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Zone files for tests are small; 64 KiB covers every construct many times over and keeps
  // each run fast. Size limits (255-octet strings, 65535-octet RDATA) are unit-tested.
  if (size > (64u << 10)) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto zone = ParseZone(text, "fuzz");
  if (!zone) {
    Check(zone.error().message.rfind("fuzz:", 0) == 0);
    return 0;
  }
  for (const auto& [name, node] : zone->nodes) {
    Check(!CheckName(name).has_value());
    for (const auto& [code, rrset] : node.rrsets) {
      Check(rrset.ttl <= kMaxTtl);
      if (code == static_cast<uint16_t>(RrType::kCname)) Check(rrset.records.size() == 1);
      for (const auto& r : rrset.records) {
        if (code == static_cast<uint16_t>(RrType::kMx) ||
            code == static_cast<uint16_t>(RrType::kCname) ||
            code == static_cast<uint16_t>(RrType::kPtr)) {
          Check(!CheckName(r.data).has_value());
        }
      }
    }
  }

  // The resolver over the zone: every owner name, each type.
  std::string written = Write(*zone);
  ZoneResolver resolver(*zone);
  for (const auto& [name, node] : zone->nodes) {
    for (RrType t : {RrType::kA, RrType::kTxt, RrType::kMx, RrType::kCname}) {
      auto answer = resolver.Lookup(name.empty() ? "." : name, t);
      if (answer && answer->status == kakunin::dns::Status::kOk) Check(!answer->records.empty());
    }
  }

  // Round trip.
  auto again = ParseZone(written, "written");
  if (!again) {
    std::fprintf(stderr, "re-parse failed: %s\n%s\n", again.error().message.c_str(),
                 written.c_str());
    std::abort();
  }
  for (const auto& [name, node] : zone->nodes) {
    if (node.rrsets.empty()) continue;  // Empty non-terminals exist only under a $ORIGIN.
    auto it = again->nodes.find(name);
    Check(it != again->nodes.end());
    Check(it->second.rrsets.size() == node.rrsets.size());
    for (const auto& [code, rrset] : node.rrsets) {
      const auto& other = it->second.rrsets.at(code);
      Check(other.ttl == rrset.ttl);
      Check(other.records.size() == rrset.records.size());
      for (size_t i = 0; i < rrset.records.size(); ++i) {
        Check(other.records[i].data == rrset.records[i].data);
        Check(other.records[i].preference == rrset.records[i].preference);
      }
    }
  }
  Check(again->faults.size() == zone->faults.size());
  Check(again->dnssec == zone->dnssec);
  return 0;
}
