#include <nlohmann/json.hpp>

#include <string>

#include "kakunin/scan.h"

namespace kakunin::scan {

std::string_view SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kMbox: return "mbox";
    case SourceKind::kMaildir: return "maildir";
    case SourceKind::kEmlDirectory: return "eml";
    case SourceKind::kImap: return "imap";
  }
  return "mbox";
}

std::string LocationText(const Location& location) {
  switch (location.kind) {
    case SourceKind::kMbox:
      return location.path + " #" + std::to_string(location.index) + " (byte " + std::to_string(location.offset) + ")";
    case SourceKind::kImap:
      return location.path + " UID " + std::to_string(location.uid);
    case SourceKind::kMaildir:
    case SourceKind::kEmlDirectory:
      break;
  }
  return location.path;
}

std::string LocationJson(const Location& location) {
  nlohmann::ordered_json j = {{"kind", SourceKindName(location.kind)},
                              {"path", location.path},
                              {"index", location.index}};
  if (location.kind == SourceKind::kMbox) j["offset"] = location.offset;
  if (location.kind == SourceKind::kImap) j["uid"] = location.uid;
  // File names are bytes, not necessarily UTF-8.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace kakunin::scan
