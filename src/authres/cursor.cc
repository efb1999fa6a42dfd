#include "authres/cursor.h"

#include "kakunin/authres.h"

namespace kakunin::authres::internal {
namespace {
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
}  // namespace

void Cursor::SkipCfws(std::vector<std::string>* comments) {
  while (!AtEnd()) {
    if (IsSpace(s_[pos_])) {
      ++pos_;
    } else if (s_[pos_] == '(') {
      SkipComment(comments);
    } else {
      return;
    }
  }
}

void Cursor::SkipComment(std::vector<std::string>* comments) {
  // REQUIRES: at '('. Nested comments and quoted-pairs per RFC 5322 3.2.2.
  size_t start = ++pos_;
  int depth = 1;
  while (!AtEnd() && depth > 0) {
    char c = s_[pos_];
    if (c == '\\' && pos_ + 1 < s_.size()) {
      pos_ += 2;
      continue;
    }
    if (c == '(' && ++depth > kMaxCommentDepth) {
      damaged_ = true;
      pos_ = s_.size();
      return;
    }
    if (c == ')') --depth;
    ++pos_;
  }
  if (depth > 0) {
    damaged_ = true;
    return;
  }
  if (comments != nullptr) comments->emplace_back(s_.substr(start, pos_ - 1 - start));
}

bool Cursor::Consume(char c) {
  if (Peek() != c || AtEnd()) return false;
  ++pos_;
  return true;
}

std::string Cursor::ReadToken(std::string_view stops) {
  size_t start = pos_;
  while (!AtEnd()) {
    char c = s_[pos_];
    if (IsSpace(c) || c == '(' || c == '"' || stops.find(c) != std::string_view::npos) break;
    ++pos_;
  }
  return std::string(s_.substr(start, pos_ - start));
}

std::string Cursor::ReadQuoted() {
  // REQUIRES: at '"'.
  ++pos_;
  std::string out;
  while (!AtEnd()) {
    char c = s_[pos_++];
    if (c == '"') return out;
    if (c == '\\' && !AtEnd()) c = s_[pos_++];
    if (c == '\r' || c == '\n') continue;  // Folding inside a quoted string.
    out.push_back(c);
  }
  damaged_ = true;
  return out;
}

std::string Cursor::ReadValue(std::string_view stops) {
  if (Peek() == '"') return ReadQuoted();
  return ReadToken(stops);
}

void Cursor::SkipPast(char c) {
  while (!AtEnd()) {
    char x = s_[pos_];
    if (x == '(') {
      SkipComment(nullptr);
    } else if (x == '"') {
      ReadQuoted();
    } else {
      ++pos_;
      if (x == c) return;
    }
  }
}

}  // namespace kakunin::authres::internal
