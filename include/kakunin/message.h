// Message: one e-mail, parsed once, with its exact bytes kept for DKIM/ARC and its MIME content
// decoded to UTF-8 for people and for link analysis.
//
// Input is raw bytes as read from a .eml file or stdin: CRLF or bare-LF line ends, optionally a
// single mbox message (a leading "From " line). Bytes are normalised once to wire form (every
// line ends in CRLF; an mbox "From " line is dropped and ">From " quoting undone) and everything
// else is a view into that one buffer: the ordered header fields (RFC 5322 2.2, folding kept
// byte-exact), the header block and the body. MIME (RFC 2045-2049, 2047, 2231) is parsed with
// GMime 3; charsets, including ISO-2022-JP, Shift_JIS/CP932 and EUC-JP, are converted with ICU.
//
// Bad input never crashes the parser. Input that is not a mail message at all (empty, binary,
// no header field on the first line) is an Error{kParse}. Anything else that is odd (unknown
// charset, broken boundary, limits reached) becomes a Finding and the analysis goes on over
// what could be read, bounded by Limits.
//
// A Message is immutable after Parse and safe to read from several threads. Copying is cheap
// (the wire buffer is shared); views stay valid while any copy lives.
#ifndef KAKUNIN_MESSAGE_H_
#define KAKUNIN_MESSAGE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/finding.h"
#include "kakunin/result.h"

namespace kakunin::mime {

struct Limits {
  size_t max_message_bytes = 50u << 20;  // Past it, the tail is not read (finding).
  int max_mime_depth = 50;               // Parts nested deeper are not decoded (finding).
  size_t max_header_fields = 5000;       // Fields past it are not indexed (finding).
  size_t max_line_bytes = 1u << 20;      // Longer lines are reported (RFC 5322 2.1.1 says 998).
};

// How much of the message to decode. kWireOnly gives the wire form, the header index and the
// body (all DKIM/ARC need) without running GMime or charset conversion: the fast path for bulk
// verification. Decoded accessors are then empty.
enum class Decode { kFull, kWireOnly };

// One header field, byte-exact. Views point into the Message's wire buffer.
struct HeaderField {
  std::string_view name;  // As written, without trailing whitespace before the colon.
  std::string_view raw;   // The whole field: "Name: value\r\n", folding and final CRLF included.

  // The value after the colon, folding kept, final CRLF removed (what DKIM "simple" hashes).
  std::string_view RawValue() const;
  // The value unfolded (CRLF before WSP removed) and trimmed; not RFC 2047-decoded.
  std::string UnfoldedValue() const;
};

struct Mailbox {
  std::string display_name;  // RFC 2047-decoded UTF-8; may be empty.
  std::string address;       // addr-spec with the domain in ASCII (IDNA punycode), "local@xn--..".
  std::string address_unicode;  // The same with the domain in Unicode, for display beside `address`.

  // The part after the last '@', lower-cased; empty if none.
  std::string Domain() const;
};

// One node of the MIME tree, in depth-first order.
struct Part {
  int index = 0;  // Position in depth-first order, root = 0.
  int depth = 0;  // Root = 0.
  std::string content_type;       // "text/plain", lower-case.
  std::string charset;            // Declared charset, lower-case; may be empty.
  std::string transfer_encoding;  // "base64", "quoted-printable", "7bit", ...; may be empty.
  std::string filename;           // RFC 2231/2047-decoded; may be empty.
  std::string disposition;        // "inline", "attachment" or empty.
  size_t decoded_size = 0;        // Bytes after transfer decoding (leaf parts only).
  bool is_multipart = false;
  bool is_attachment = false;
};

struct Attachment {
  int part_index = 0;
  std::string filename;
  std::string content_type;
  size_t size = 0;
  std::string sha256_hex;
};

// A text/plain or text/html leaf, decoded to UTF-8.
struct TextBody {
  int part_index = 0;
  bool is_html = false;
  std::string text;
};

class Message {
 public:
  // An empty message (no fields, no body); real ones come from Parse.
  Message() = default;

  // Parses `bytes` (copied once into the wire buffer). Errors: kParse for input that is not a
  // mail message (empty, NUL bytes in the header, no header field first).
  [[nodiscard]] static Result<Message> Parse(std::string_view bytes, const Limits& limits = {},
                                             Decode decode = Decode::kFull);
  // The same, taking `bytes` over and freeing them as soon as the wire form is built, so that a
  // large message is not held twice while GMime decodes it (kakunin inspect uses it).
  [[nodiscard]] static Result<Message> ParseTaking(std::string&& bytes, const Limits& limits = {},
                                                   Decode decode = Decode::kFull);

  // --- Exact bytes (for DKIM / ARC) ---
  std::string_view wire() const { return wire_ ? std::string_view(*wire_) : std::string_view(); }
  // The header fields, each ending in CRLF; excludes the empty line that ends the header.
  std::string_view header_block() const { return wire().substr(0, header_end_); }
  // Everything after the empty line (empty if there is none).
  std::string_view body() const { return wire().substr(body_begin_); }
  const std::vector<HeaderField>& fields() const { return fields_; }
  // The n-th field named `name` (case-insensitive) counting from the bottom, 0 = lowest.
  const HeaderField* FindFromBottom(std::string_view name, size_t n = 0) const;
  // All fields named `name`, top to bottom.
  std::vector<const HeaderField*> FindAll(std::string_view name) const;
  // Whether the original input used bare LF line ends / was an mbox message.
  bool had_bare_lf() const { return had_bare_lf_; }
  bool was_mbox() const { return was_mbox_; }

  // --- Decoded (UTF-8) ---
  const std::vector<Mailbox>& from() const { return from_; }
  const std::vector<Mailbox>& to() const { return to_; }
  const std::vector<Mailbox>& cc() const { return cc_; }
  const std::vector<Mailbox>& reply_to() const { return reply_to_; }
  const std::vector<Mailbox>& sender() const { return sender_; }
  const std::vector<std::string>& return_path() const { return return_path_; }
  const std::string& subject() const { return subject_; }
  const std::string& date_raw() const { return date_raw_; }
  std::optional<int64_t> date_unix() const { return date_unix_; }
  const std::string& message_id() const { return message_id_; }
  // Received field values, unfolded, top (newest) to bottom (oldest).
  const std::vector<std::string>& received() const { return received_; }
  const std::vector<Part>& parts() const { return parts_; }
  const std::vector<TextBody>& texts() const { return texts_; }
  const std::vector<Attachment>& attachments() const { return attachments_; }
  // What the parser noticed: charset trouble, limits, malformed structure.
  const std::vector<Finding>& findings() const { return findings_; }

 private:
  friend class MessageBuilder;
  // `owned`, when set, holds `bytes` and is emptied once they are no longer needed.
  static Result<Message> ParseImpl(std::string_view bytes, std::string* owned, const Limits& limits, Decode decode);

  std::shared_ptr<const std::string> wire_;
  size_t header_end_ = 0;
  size_t body_begin_ = 0;
  bool had_bare_lf_ = false;
  bool was_mbox_ = false;
  std::vector<HeaderField> fields_;

  std::vector<Mailbox> from_, to_, cc_, reply_to_, sender_;
  std::vector<std::string> return_path_;
  std::string subject_;
  std::string date_raw_;
  std::optional<int64_t> date_unix_;
  std::string message_id_;
  std::vector<std::string> received_;
  std::vector<Part> parts_;
  std::vector<TextBody> texts_;
  std::vector<Attachment> attachments_;
  std::vector<Finding> findings_;
};

}  // namespace kakunin::mime

#endif  // KAKUNIN_MESSAGE_H_
