// Cursor: a reader over RFC 5322 structured field text (CFWS, comments, quoted strings) shared
// by the Authentication-Results and Received parsers. Internal to authres/.
// Input is attacker-controlled header text; callers bound its length (kMaxFieldLength) and
// comment nesting is bounded by kMaxCommentDepth. Not thread-safe (a per-parse object).
#ifndef KAKUNIN_AUTHRES_CURSOR_H_
#define KAKUNIN_AUTHRES_CURSOR_H_

#include <string>
#include <string_view>
#include <vector>

namespace kakunin::authres::internal {

class Cursor {
 public:
  explicit Cursor(std::string_view text) : s_(text) {}

  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  size_t pos() const { return pos_; }
  void set_pos(size_t pos) { pos_ = pos; }
  // True if the text was malformed somewhere (unterminated comment or quote, nesting too deep).
  bool damaged() const { return damaged_; }

  // Skips folding white space and comments; each comment's text (without the outer parentheses)
  // is appended to `comments` when given.
  void SkipCfws(std::vector<std::string>* comments = nullptr);
  bool Consume(char c);
  // A run of characters up to white space, '(', '"', or one of `stops`.
  std::string ReadToken(std::string_view stops);
  // A quoted-string (unquoted, quoted-pairs resolved) when at '"', else ReadToken(stops).
  std::string ReadValue(std::string_view stops);
  // Moves just past the next `c` outside comments and quoted strings (or to the end).
  void SkipPast(char c);

 private:
  void SkipComment(std::vector<std::string>* comments);
  std::string ReadQuoted();

  std::string_view s_;
  size_t pos_ = 0;
  bool damaged_ = false;
};

}  // namespace kakunin::authres::internal

#endif  // KAKUNIN_AUTHRES_CURSOR_H_
