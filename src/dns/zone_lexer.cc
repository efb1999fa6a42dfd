#include "dns/zone_lexer.h"

#include <utility>

namespace kakunin::dns::internal {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Ends an unquoted token (RFC 1035 5.1: blanks, comments, parentheses, quotes, line ends).
bool IsDelimiter(char c) {
  return IsBlank(c) || c == '\n' || c == ';' || c == '(' || c == ')' || c == '"';
}

class Lexer {
 public:
  Lexer(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  Result<std::vector<ZoneLine>> Run() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (at_line_start_) {
        current_.line = line_;
        current_.starts_with_blank = IsBlank(c);
        at_line_start_ = false;
      }
      if (c == '\n') {
        ++pos_;
        if (depth_ == 0) EndLogicalLine();
        ++line_;
        continue;
      }
      if (IsBlank(c)) {
        ++pos_;
        continue;
      }
      if (c == ';') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '!' && current_.tokens.empty() &&
            depth_ == 0) {
          ReadDirective();
          continue;
        }
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '!' && depth_ > 0) {
          return Error(line_, "test directive \";!\" inside parentheses");
        }
        SkipToLineEnd();
        continue;
      }
      if (c == '(') {
        if (depth_ == 0) open_line_ = line_;
        ++depth_;
        ++pos_;
        continue;
      }
      if (c == ')') {
        if (depth_ == 0) return Error(line_, "')' without '('");
        --depth_;
        ++pos_;
        continue;
      }
      auto token = c == '"' ? ReadQuoted() : ReadBare();
      if (!token) return tl::unexpected(token.error());
      current_.tokens.push_back(std::move(*token));
    }
    if (depth_ > 0) return Error(open_line_, "'(' is never closed");
    EndLogicalLine();
    return std::move(lines_);
  }

 private:
  tl::unexpected<kakunin::Error> Error(int line, std::string_view what) const {
    return Fail(ErrorCode::kParse,
                std::string(source_) + ":" + std::to_string(line) + ": " + std::string(what));
  }

  void EndLogicalLine() {
    if (!current_.tokens.empty()) lines_.push_back(std::move(current_));
    current_ = ZoneLine{};
    at_line_start_ = true;
  }

  void SkipToLineEnd() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }

  // ";! word word ..." up to the end of the line, split on blanks.
  void ReadDirective() {
    ZoneLine directive;
    directive.line = line_;
    directive.test_directive = true;
    pos_ += 2;
    while (pos_ < text_.size() && text_[pos_] != '\n') {
      if (IsBlank(text_[pos_])) {
        ++pos_;
        continue;
      }
      ZoneToken t;
      t.line = line_;
      while (pos_ < text_.size() && text_[pos_] != '\n' && !IsBlank(text_[pos_])) {
        t.text += text_[pos_++];
      }
      directive.tokens.push_back(std::move(t));
    }
    if (!directive.tokens.empty()) lines_.push_back(std::move(directive));
    // The line end itself is handled by the main loop (it ends an empty logical line).
  }

  Result<ZoneToken> ReadQuoted() {
    ZoneToken t;
    t.line = line_;
    t.quoted = true;
    ++pos_;  // Opening quote.
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') {
        return Error(t.line, "unterminated quoted string");
      }
      if (text_[pos_] == '"') {
        ++pos_;
        return t;
      }
      if (!TakeChar(t)) return Error(line_, "backslash at the end of a line");
    }
  }

  Result<ZoneToken> ReadBare() {
    ZoneToken t;
    t.line = line_;
    while (pos_ < text_.size() && !IsDelimiter(text_[pos_])) {
      if (!TakeChar(t)) return Error(line_, "backslash at the end of a line");
    }
    return t;
  }

  // Appends the character at pos_ to `t`, with the one after it when it is a backslash (kept
  // raw: the parser decodes escapes). False for a backslash that ends the line or the input.
  bool TakeChar(ZoneToken& t) {
    if (text_[pos_] == '\\') {
      if (pos_ + 1 >= text_.size() || text_[pos_ + 1] == '\n') return false;
      t.text += text_[pos_++];
    }
    t.text += text_[pos_++];
    return true;
  }

  std::string_view text_;
  std::string_view source_;
  size_t pos_ = 0;
  int line_ = 1;
  int depth_ = 0;
  int open_line_ = 0;
  bool at_line_start_ = true;
  ZoneLine current_;
  std::vector<ZoneLine> lines_;
};

}  // namespace

Result<std::vector<ZoneLine>> LexZone(std::string_view text, std::string_view source_name) {
  return Lexer(text, source_name).Run();
}

}  // namespace kakunin::dns::internal
