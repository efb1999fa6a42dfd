// Message::Parse: wire form, header index, then the MIME tree through GMime.
#include <gmime/gmime.h>

#include <algorithm>
#include <set>
#include <string>

#include "base/strings.h"
#include "kakunin/message.h"
#include "mime/charset.h"
#include "mime/encoded_words.h"
#include "mime/gmime_util.h"
#include "mime/wire.h"

namespace kakunin::mime {

using internal::CopyGString;
using internal::GPtr;
using internal::TakeGString;

class MessageBuilder {
 public:
  MessageBuilder(Message& m, const Limits& limits) : m_(m), limits_(limits) {}

  void AddFinding(std::string id, Severity sev, std::string en, std::string ja) {
    if (!seen_.insert(id).second) return;
    m_.findings_.push_back(Finding{std::move(id), sev, std::move(en), std::move(ja)});
  }

  void IndexLongLines() {
    std::string_view w = m_.wire();
    size_t pos = 0;
    size_t longest = 0;
    while (pos < w.size()) {
      size_t eol = w.find("\r\n", pos);
      size_t len = (eol == std::string_view::npos ? w.size() : eol) - pos;
      longest = std::max(longest, len);
      pos = eol == std::string_view::npos ? w.size() : eol + 2;
    }
    if (longest > limits_.max_line_bytes) {
      AddFinding("mime.limit.line_length", Severity::kLow,
                 "A line is " + std::to_string(longest) + " bytes long, over the limit of " +
                     std::to_string(limits_.max_line_bytes) + ".",
                 "1 行が " + std::to_string(longest) + " バイトあり、上限 " + std::to_string(limits_.max_line_bytes) +
                     " バイトを超えています。");
    } else if (longest > 998) {
      AddFinding("mime.long_line", Severity::kInfo,
                 "A line is longer than the 998 characters RFC 5322 allows (" + std::to_string(longest) + ").",
                 "RFC 5322 の上限 998 文字を超える行があります（" + std::to_string(longest) + " 文字）。");
    }
  }

  void DecodeHeaders(GMimeParserOptions* opts) {
    DecodeAddressField(opts, "From", m_.from_);
    DecodeAddressField(opts, "To", m_.to_);
    DecodeAddressField(opts, "Cc", m_.cc_);
    DecodeAddressField(opts, "Reply-To", m_.reply_to_);
    DecodeAddressField(opts, "Sender", m_.sender_);
    for (const HeaderField* f : m_.FindAll("Return-Path")) {
      std::string v = f->UnfoldedValue();
      if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
      m_.return_path_.push_back(v);
    }
    if (const HeaderField* f = FirstField("Subject")) {
      std::string raw = f->UnfoldedValue();
      m_.subject_ = TakeGString(g_mime_utils_header_decode_text(opts, internal::JoinAdjacentBase64Words(raw).c_str()));
      if (!base::IsValidUtf8(m_.subject_)) m_.subject_ = internal::ToUtf8(raw, "").text;
    }
    if (const HeaderField* f = FirstField("Date")) {
      m_.date_raw_ = f->UnfoldedValue();
      if (GDateTime* dt = g_mime_utils_header_decode_date(m_.date_raw_.c_str())) {
        m_.date_unix_ = g_date_time_to_unix(dt);
        g_date_time_unref(dt);
      }
    }
    if (const HeaderField* f = FirstField("Message-ID")) {
      std::string raw = f->UnfoldedValue();
      m_.message_id_ = TakeGString(g_mime_utils_decode_message_id(raw.c_str()));
      if (m_.message_id_.empty()) m_.message_id_ = raw;
    }
    for (const HeaderField* f : m_.FindAll("Received")) m_.received_.push_back(f->UnfoldedValue());
  }

  // `header_truncated`: fields past max_header_fields were not indexed.
  void DecodeBody(GMimeParserOptions* opts, bool header_truncated) {
    // What GMime parses. Normally the wire buffer itself, lent to it without a copy. When the
    // top-level header holds a field over max_line_bytes or fields past max_header_fields, GMime
    // sees only the indexed fields that fit (they decide the MIME structure): GMime keeps about
    // three copies of a field, so a 50 MB header line alone cost it 150 MB (hostile test).
    std::string filtered;
    std::string_view w = m_.wire();
    bool drop = header_truncated;
    for (const HeaderField& f : m_.fields_) drop = drop || f.raw.size() > limits_.max_line_bytes;
    if (drop) {
      for (const HeaderField& f : m_.fields_) {
        if (f.raw.size() <= limits_.max_line_bytes) filtered.append(f.raw);
      }
      filtered.append("\r\n");
      filtered.append(m_.wire().substr(m_.body_begin_));
      w = filtered;
    }
    if (w.size() > G_MAXUINT) w = w.substr(0, G_MAXUINT);  // GByteArray lengths are guint.
    // GMime only reads the array; the stream does not own it and the data is never freed by it.
    GByteArray* lent = g_byte_array_new_take(reinterpret_cast<guint8*>(const_cast<char*>(w.data())), w.size());
    {
      GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_byte_array(lent));
      g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream.get()), FALSE);
      GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
      g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
      GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), opts));
      if (!msg) {
        AddFinding("mime.unparsable", Severity::kMedium, "The MIME structure could not be parsed.",
                   "MIME 構造を解析できませんでした。");
      } else if (GMimeObject* root = g_mime_message_get_mime_part(msg.get())) {
        Walk(root, 0);
      }
    }
    g_byte_array_free(lent, FALSE);  // Frees the array header only; the bytes stay ours.
  }

  void OnParserWarning(GMimeParserWarning code) {
    switch (code) {
      case GMIME_WARN_MALFORMED_MULTIPART:
      case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
      case GMIME_WARN_PART_WITHOUT_CONTENT:
      case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        AddFinding("mime.malformed_multipart", Severity::kLow,
                   "A multipart section is malformed (missing or broken boundary).",
                   "マルチパートの構造が壊れています（境界がない、または不正）。");
        break;
      case GMIME_WARN_TRUNCATED_MESSAGE:
        AddFinding("mime.truncated", Severity::kLow, "The message ends in the middle of a MIME part.",
                   "メッセージが MIME パートの途中で終わっています。");
        break;
      case GMIME_CRIT_NESTING_OVERFLOW:
        AddFinding("mime.limit.depth", Severity::kMedium,
                   "MIME parts are nested deeper than the parser allows; the inner parts were not read.",
                   "MIME パートの入れ子が深すぎるため、内側のパートは読み込んでいません。");
        break;
      case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
        AddFinding("mime.bad_encoded_word", Severity::kInfo, "A header has a malformed RFC 2047 encoded word.",
                   "ヘッダーに不正な RFC 2047 エンコード語があります。");
        break;
      case GMIME_WARN_UNENCODED_8BIT_HEADER:
        AddFinding("mime.raw_8bit_header", Severity::kInfo, "A header contains raw 8-bit text (not RFC 2047 encoded).",
                   "ヘッダーにエンコードされていない 8 ビット文字があります。");
        break;
      default:
        break;
    }
  }

 private:
  const HeaderField* FirstField(std::string_view name) const {
    for (const HeaderField& f : m_.fields_) {
      if (base::EqualsIgnoreCase(f.name, name)) return &f;
    }
    return nullptr;
  }

  void DecodeAddressField(GMimeParserOptions* opts, std::string_view name, std::vector<Mailbox>& out) {
    for (const HeaderField* f : m_.FindAll(name)) {
      std::string raw = f->UnfoldedValue();
      GPtr<InternetAddressList> list(internet_address_list_parse(opts, raw.c_str()));
      if (!list) continue;
      AppendAddresses(list.get(), out);
    }
  }

  static void AppendAddresses(InternetAddressList* list, std::vector<Mailbox>& out) {
    int n = internet_address_list_length(list);
    for (int i = 0; i < n; ++i) {
      InternetAddress* ia = internet_address_list_get_address(list, i);
      if (INTERNET_ADDRESS_IS_GROUP(ia)) {
        InternetAddressList* members = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
        if (members != nullptr) AppendAddresses(members, out);
        continue;
      }
      if (!INTERNET_ADDRESS_IS_MAILBOX(ia)) continue;
      Mailbox mb;
      mb.display_name = CopyGString(internet_address_get_name(ia));
      // The ASCII form decides (DNS, DMARC, alignment); a Unicode domain hides homographs.
      mb.address_unicode = CopyGString(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
      mb.address = CopyGString(internet_address_mailbox_get_idn_addr(INTERNET_ADDRESS_MAILBOX(ia)));
      if (mb.address.empty()) mb.address = mb.address_unicode;
      if (!base::IsValidUtf8(mb.display_name)) mb.display_name = internal::ToUtf8(mb.display_name, "").text;
      out.push_back(std::move(mb));
    }
  }

  void Walk(GMimeObject* obj, int depth) {
    if (depth > limits_.max_mime_depth) {
      AddFinding("mime.limit.depth", Severity::kMedium,
                 "MIME parts are nested deeper than " + std::to_string(limits_.max_mime_depth) +
                     " levels; the inner parts were not read.",
                 "MIME パートの入れ子が " + std::to_string(limits_.max_mime_depth) +
                     " 段を超えているため、内側のパートは読み込んでいません。");
      return;
    }
    Part part;
    part.index = static_cast<int>(m_.parts_.size());
    part.depth = depth;
    if (GMimeContentType* ct = g_mime_object_get_content_type(obj)) {
      part.content_type = base::ToLower(TakeGString(g_mime_content_type_get_mime_type(ct)));
      part.charset = base::ToLower(CopyGString(g_mime_content_type_get_parameter(ct, "charset")));
    }
    part.disposition = base::ToLower(CopyGString(g_mime_object_get_disposition(obj)));
    m_.parts_.push_back(part);
    const size_t slot = m_.parts_.size() - 1;

    if (GMIME_IS_MULTIPART(obj)) {
      m_.parts_[slot].is_multipart = true;
      GMimeMultipart* mp = GMIME_MULTIPART(obj);
      int n = g_mime_multipart_get_count(mp);
      for (int i = 0; i < n; ++i) Walk(g_mime_multipart_get_part(mp, i), depth + 1);
      return;
    }
    if (GMIME_IS_MESSAGE_PART(obj)) {
      m_.parts_[slot].is_multipart = true;
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
      if (inner != nullptr) {
        if (GMimeObject* root = g_mime_message_get_mime_part(inner)) Walk(root, depth + 1);
      }
      return;
    }
    if (!GMIME_IS_PART(obj)) return;
    GMimePart* leaf = GMIME_PART(obj);
    Part& p = m_.parts_[slot];
    p.transfer_encoding = base::ToLower(CopyGString(g_mime_content_encoding_to_string(g_mime_part_get_content_encoding(leaf))));
    p.filename = CopyGString(g_mime_part_get_filename(leaf));
    if (!base::IsValidUtf8(p.filename)) p.filename = internal::ToUtf8(p.filename, "").text;

    // Decoded in one GMime buffer and read in place (a 37 MB attachment is not copied again).
    GPtr<GMimeStream> decoded = DecodedContent(leaf);
    std::string_view content = StreamBytes(decoded.get());
    p.decoded_size = content.size();
    const bool is_text = p.content_type == "text/plain" || p.content_type == "text/html";
    p.is_attachment = p.disposition == "attachment" || (!p.filename.empty() && !is_text) ||
                      (!is_text && !base::StartsWithIgnoreCase(p.content_type, "text/") &&
                       !base::StartsWithIgnoreCase(p.content_type, "image/"));
    if (p.disposition == "attachment" || !p.filename.empty() || p.is_attachment) {
      p.is_attachment = true;
      m_.attachments_.push_back(
          Attachment{p.index, p.filename, p.content_type, content.size(), base::Sha256Hex(content)});
      return;
    }
    if (!is_text) return;
    internal::Utf8Text t = internal::ToUtf8(content, p.charset);
    if (t.charset_unknown) {
      AddFinding("mime.charset_unknown", Severity::kLow,
                 "A text part declares an unknown charset \"" + p.charset + "\"; it was read as " + t.charset_used + ".",
                 "テキストパートの文字コード「" + p.charset + "」が不明なため、" + t.charset_used + " として読みました。");
    }
    if (t.invalid_sequences > 0) {
      AddFinding("mime.charset_errors", Severity::kInfo,
                 "A text part has byte sequences that are invalid in its charset; they were replaced.",
                 "テキストパートに文字コードとして不正なバイト列があり、置き換えました。");
    }
    m_.texts_.push_back(TextBody{p.index, p.content_type == "text/html", std::move(t.text)});
  }

  // The transfer-decoded content of `leaf` in a memory stream (empty when it has none).
  static GPtr<GMimeStream> DecodedContent(GMimePart* leaf) {
    GPtr<GMimeStream> mem(g_mime_stream_mem_new());
    if (GMimeDataWrapper* wrapper = g_mime_part_get_content(leaf)) g_mime_data_wrapper_write_to_stream(wrapper, mem.get());
    return mem;
  }

  static std::string_view StreamBytes(GMimeStream* mem) {
    GByteArray* arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    if (arr == nullptr || arr->len == 0) return {};
    return {reinterpret_cast<const char*>(arr->data), arr->len};
  }

  Message& m_;
  const Limits& limits_;
  std::set<std::string> seen_;
};

namespace {

void WarningThunk(gint64 /*offset*/, GMimeParserWarning code, const gchar* /*item*/, gpointer user) {
  static_cast<MessageBuilder*>(user)->OnParserWarning(code);
}

bool LooksBinary(std::string_view first_line) { return first_line.find('\0') != std::string_view::npos; }

}  // namespace

Result<Message> Message::Parse(std::string_view bytes, const Limits& limits, Decode decode) {
  return ParseImpl(bytes, nullptr, limits, decode);
}

Result<Message> Message::ParseTaking(std::string&& bytes, const Limits& limits, Decode decode) {
  std::string owned = std::move(bytes);
  return ParseImpl(owned, &owned, limits, decode);
}

Result<Message> Message::ParseImpl(std::string_view bytes, std::string* owned, const Limits& limits, Decode decode) {
  if (base::Trim(bytes).empty()) return Fail(ErrorCode::kParse, "empty input: not a mail message");
  Message m;
  MessageBuilder b(m, limits);
  bool truncated = false;
  if (bytes.size() > limits.max_message_bytes) {
    bytes = bytes.substr(0, limits.max_message_bytes);
    truncated = true;
  }
  internal::WireInfo info;
  m.wire_ = std::make_shared<const std::string>(internal::NormalizeToWire(bytes, info));
  if (owned != nullptr) std::string().swap(*owned);  // `bytes` is not used past this point.
  m.had_bare_lf_ = info.had_bare_lf;
  m.was_mbox_ = info.was_mbox;

  std::string_view w = m.wire();
  if (LooksBinary(w.substr(0, w.find("\r\n")))) return Fail(ErrorCode::kParse, "binary input: not a mail message");
  internal::HeaderSplit split;
  if (!internal::SplitHeader(w, limits.max_header_fields, split)) {
    return Fail(ErrorCode::kParse, "no header field at the start: not a mail message");
  }
  m.fields_ = std::move(split.fields);
  m.header_end_ = split.header_end;
  m.body_begin_ = split.body_begin;

  if (truncated) {
    b.AddFinding("mime.limit.message_size", Severity::kMedium,
                 "The message is larger than " + std::to_string(limits.max_message_bytes) +
                     " bytes; only the start was analysed.",
                 "メッセージが " + std::to_string(limits.max_message_bytes) + " バイトを超えるため、先頭部分のみ解析しました。");
  }
  if (split.truncated) {
    b.AddFinding("mime.limit.header_fields", Severity::kMedium,
                 "The message has more than " + std::to_string(limits.max_header_fields) +
                     " header fields; the rest were ignored.",
                 "ヘッダーが " + std::to_string(limits.max_header_fields) + " 個を超えるため、残りは無視しました。");
  }
  if (split.malformed_line) {
    b.AddFinding("mime.malformed_header", Severity::kLow,
                 "The header contains a line that is not a header field; the body was taken to start there.",
                 "ヘッダー内にヘッダーフィールドではない行があり、そこから本文として扱いました。");
  }
  b.IndexLongLines();
  if (decode == Decode::kWireOnly) return m;

  internal::EnsureGMime();
  GMimeParserOptions* opts = g_mime_parser_options_clone(g_mime_parser_options_get_default());
  g_mime_parser_options_set_warning_callback(opts, &WarningThunk, &b);
  b.DecodeHeaders(opts);
  b.DecodeBody(opts, split.truncated);
  g_mime_parser_options_free(opts);

  if (m.from_.empty()) {
    b.AddFinding("mime.no_from", Severity::kMedium, "The message has no From address.",
                 "差出人（From）アドレスがありません。");
  } else if (m.FindAll("From").size() > 1 || m.from_.size() > 1) {
    b.AddFinding("mime.multiple_from", Severity::kHigh,
                 "The message has more than one From address; mail programs may show a different one than was checked.",
                 "差出人（From）が複数あります。検証されたものとは別の差出人が表示される恐れがあります。");
  }
  return m;
}

const HeaderField* Message::FindFromBottom(std::string_view name, size_t n) const {
  for (auto it = fields_.rbegin(); it != fields_.rend(); ++it) {
    if (base::EqualsIgnoreCase(it->name, name)) {
      if (n == 0) return &*it;
      --n;
    }
  }
  return nullptr;
}

std::vector<const HeaderField*> Message::FindAll(std::string_view name) const {
  std::vector<const HeaderField*> out;
  for (const HeaderField& f : fields_) {
    if (base::EqualsIgnoreCase(f.name, name)) out.push_back(&f);
  }
  return out;
}

}  // namespace kakunin::mime
