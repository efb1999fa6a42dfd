#include "dkim/key_record.h"

#include <algorithm>

#include "base/strings.h"
#include "dkim/base64.h"
#include "dkim/tag_list.h"

namespace kakunin::dkim::internal {
namespace {

std::vector<std::string> LowerList(std::string_view value) {
  std::vector<std::string> out;
  for (std::string_view v : SplitColonList(value)) {
    if (!v.empty()) out.push_back(base::ToLower(v));
  }
  return out;
}

bool Has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

bool KeyRecord::testing() const { return Has(flags, "y"); }
bool KeyRecord::strict_identity() const { return Has(flags, "s"); }
bool KeyRecord::AllowsHash(std::string_view hash) const { return hash_algorithms.empty() || Has(hash_algorithms, hash); }
bool KeyRecord::AllowsEmail() const { return Has(service_types, "email") || Has(service_types, "*"); }

Result<KeyRecord> ParseKeyRecord(std::string_view text) {
  auto tags = ParseTagList(text);
  if (!tags) return Fail(ErrorCode::kParse, "key record syntax: " + tags.error().message);
  KeyRecord key;
  const Tag* v = tags->Find("v");
  if (v != nullptr) {
    // RFC 6376 3.6.1: "If specified, this tag MUST be set to "DKIM1" ... MUST be the first tag".
    if (&tags->tags().front() != v) return Fail(ErrorCode::kParse, "key record v= is not the first tag");
    if (v->value != "DKIM1") return Fail(ErrorCode::kParse, "key record has v=" + std::string(v->value));
  }
  if (const Tag* h = tags->Find("h")) key.hash_algorithms = LowerList(h->value);
  if (const Tag* k = tags->Find("k")) {
    if (base::EqualsIgnoreCase(k->value, "rsa")) {
      key.key_type = KeyType::kRsa;
    } else if (base::EqualsIgnoreCase(k->value, "ed25519")) {
      key.key_type = KeyType::kEd25519;
    } else {
      return Fail(ErrorCode::kParse, "key record has unknown key type k=" + std::string(k->value));
    }
  }
  if (const Tag* s = tags->Find("s")) {
    key.service_types = LowerList(s->value);
  } else {
    key.service_types = {"*"};
  }
  if (const Tag* t = tags->Find("t")) key.flags = LowerList(t->value);
  const Tag* p = tags->Find("p");
  if (p == nullptr) return Fail(ErrorCode::kParse, "key record has no p=");
  auto decoded = Base64Decode(p->value);
  if (!decoded) return Fail(ErrorCode::kParse, "key record p= is not valid base64");
  key.public_key = std::move(*decoded);
  return key;
}

}  // namespace kakunin::dkim::internal
