#include "mime/wire.h"

#include "base/strings.h"

namespace kakunin::mime::internal {

bool IsMboxSeparator(std::string_view in) {
  if (!in.starts_with("From ")) return false;
  size_t k = in.find_first_not_of(" \t", 5);
  return k != std::string_view::npos && in[k] != ':';
}

std::string NormalizeToWire(std::string_view in, WireInfo& info) {
  std::string out;
  out.reserve(in.size() + in.size() / 32 + 2);
  size_t pos = 0;
  if (IsMboxSeparator(in)) {
    info.was_mbox = true;
    size_t eol = in.find('\n');
    pos = eol == std::string_view::npos ? in.size() : eol + 1;
  }
  while (pos < in.size()) {
    size_t eol = in.find('\n', pos);
    std::string_view line = in.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? in.size() : eol + 1;
    bool has_cr = !line.empty() && line.back() == '\r';
    if (has_cr) line.remove_suffix(1);
    if (info.was_mbox && line.starts_with('>')) {
      size_t k = line.find_first_not_of('>');
      if (k != std::string_view::npos && line.substr(k).starts_with("From ")) line.remove_prefix(1);
    }
    out.append(line);
    if (eol != std::string_view::npos) {
      if (!has_cr) info.had_bare_lf = true;
      out.append("\r\n");
    } else if (has_cr) {
      out.push_back('\r');  // A lone CR at EOF stays as it was.
    }
  }
  return out;
}

bool IsFieldName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || c == ':') return false;
  }
  return true;
}

bool SplitHeader(std::string_view wire, size_t max_fields, HeaderSplit& out) {
  size_t pos = 0;
  const size_t n = wire.size();
  while (pos < n) {
    if (wire.substr(pos).starts_with("\r\n")) {
      out.header_end = pos;
      out.body_begin = pos + 2;
      return !out.fields.empty() || out.truncated;
    }
    size_t eol = wire.find("\r\n", pos);
    size_t next = eol == std::string_view::npos ? n : eol + 2;
    std::string_view line = wire.substr(pos, next - pos);
    if (base::IsWsp(line[0])) {
      if (out.fields.empty() && !out.truncated) return false;  // Folding before any field.
      if (!out.truncated) {
        HeaderField& last = out.fields.back();
        last.raw = std::string_view(last.raw.data(), last.raw.size() + line.size());
      }
      pos = next;
      continue;
    }
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
    while (!name.empty() && base::IsWsp(name.back())) name.remove_suffix(1);
    if (!IsFieldName(name)) {
      if (out.fields.empty() && !out.truncated) return false;
      // RFC 5322 has no place for this line; like most MUAs, take it as the start of the body.
      out.malformed_line = true;
      out.header_end = pos;
      out.body_begin = pos;
      return true;
    }
    if (out.fields.size() >= max_fields) {
      out.truncated = true;
    } else {
      out.fields.push_back(HeaderField{name, line});
    }
    pos = next;
  }
  out.header_end = n;
  out.body_begin = n;
  return !out.fields.empty() || out.truncated;
}

}  // namespace kakunin::mime::internal
