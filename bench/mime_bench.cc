// Message parsing cost: the first step of every inspect. Inputs are the bundled examples and
// synthetic messages shaped like the DKIM peer corpus (2 KB text, 20 KB HTML, 200 KB attachment).
#include <benchmark/benchmark.h>

#include <string>

#include "kakunin/message.h"

namespace {

std::string Synthetic(size_t body_bytes, bool attachment) {
  std::string m =
      "Received: from mail.example.com (mail.example.com [192.0.2.1])\r\n\tby mx.example.net; Sat, 28 Nov 2026 "
      "09:00:00 +0900\r\nFrom: =?UTF-8?B?44K344On44OD44OX?= <news@example.com>\r\nTo: taro@example.net\r\n"
      "Subject: =?UTF-8?B?44K744Kt44Ol44Oq44OG44Kj44Kz44O844OJ?=\r\nDate: Sat, 28 Nov 2026 09:00:00 +0900\r\n"
      "Message-ID: <bench@example.com>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  std::string line = "<p>This is a line of HTML text with a <a href=3D\"https://example.com/x\">link</a>.</p>\r\n";
  while (m.size() < body_bytes) m += line;
  if (attachment) {
    m += "--b1\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    std::string b64(76, 'Q');
    for (size_t i = 0; i < 200000 / 78; ++i) m += b64 + "\r\n";
  }
  m += "--b1--\r\n";
  return m;
}

void BM_Parse(benchmark::State& state, size_t body, bool attachment, kakunin::mime::Decode decode) {
  const std::string msg = Synthetic(body, attachment);
  for (auto _ : state) {
    auto m = kakunin::mime::Message::Parse(msg, {}, decode);
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * msg.size()));
}

using kakunin::mime::Decode;
BENCHMARK_CAPTURE(BM_Parse, small_2k_full, 2000, false, Decode::kFull);
BENCHMARK_CAPTURE(BM_Parse, html_20k_full, 20000, false, Decode::kFull);
BENCHMARK_CAPTURE(BM_Parse, attachment_200k_full, 2000, true, Decode::kFull);
BENCHMARK_CAPTURE(BM_Parse, small_2k_wire, 2000, false, Decode::kWireOnly);
BENCHMARK_CAPTURE(BM_Parse, html_20k_wire, 20000, false, Decode::kWireOnly);
BENCHMARK_CAPTURE(BM_Parse, attachment_200k_wire, 2000, true, Decode::kWireOnly);

}  // namespace
