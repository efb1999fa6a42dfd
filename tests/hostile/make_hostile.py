#!/usr/bin/python3
"""Hostile mail corpus for `kakunin inspect` (issue #11), generated, never stored.

Each case is a message built from a few lines of Python, streamed in chunks so that the
largest ones (a 100 MB header line, a 200 MB base64 part) never sit in memory or on disk as
a whole. run_hostile.py feeds them to kakunin and checks time, memory, exit status and the
finding that says what was cut.

  make_hostile.py --list                 names, sizes and expected findings
  make_hostile.py --out DIR [NAME...]    writes DIR/NAME.eml (and DIR/hostile.zone) to repeat a case by hand

Every case (except the SPF ones) is sent from alice@example.test, whose zone (ZONE below)
publishes an SPF record, a DMARC record and a DKIM key, so DKIM/SPF/DMARC run over the hostile
bytes with --dns-zone. Only standard library; no network.
"""

import argparse
import base64
import os
import sys

MB = 1 << 20

# Zone for --dns-zone. "loop" and "fan" carry the SPF records that loop or fan out. TXT data
# longer than one character-string (255 octets, RFC 1035 3.3) is split by _split_txt below.
ZONE_TEMPLATE = """$ORIGIN example.test.
$TTL 300
@                   TXT "v=spf1 ip4:192.0.2.0/24 -all"
_dmarc              TXT "v=DMARC1; p=reject"
sel._domainkey      TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAv8Z0Sx1c1yY2G1hR6n2Q5xGZ0j6Z1q1Vf3b2cY8m8f9kq0v0d7VQ2Zk6m3yqk0Nn8l7Wq6HkR3J2Bv1dC8Xo2p5wTmY3bQ8q6l4Z8gk2r9mQ2n9w6h3x0v2d9q8f1Kp6t3o7uZ2r5y0s8b3A1gK7cT4eE9jL2h5nW1x6iV0oR3mM8pQ4zU7yF2kD1sC9aJ0bH6gX3wN5vE8lT2rY4uO7iP1qS0dZ9cB6fK3hG5jL8mA2nV4xW7eR1tY0uI3oP6aS9dF2gH5jK8lZ1xC4vB7nM0qW3eR6tY9uI2oP5aS8dF1gH4jK7lZ0xC3vB6nM9qW2eR5tY8uI1oP4aS7dF0gH3jK6lZ9xC2vB5nM8qW1eR4tY7uI0oP3aS6dF9gH2jK5lZ8xC1vB4nM7qW0eR3tY6uI9oP2aS5dF8gH1jK4lZ7xC0vB3nM6qIDAQAB"
$ORIGIN loop.test.
@                   TXT "v=spf1 include:a.loop.test -all"
a                   TXT "v=spf1 include:b.loop.test -all"
b                   TXT "v=spf1 include:loop.test -all"
_dmarc              TXT "v=DMARC1; p=reject"
$ORIGIN fan.test.
@                   TXT "v=spf1 a:h1.fan.test a:h2.fan.test a:h3.fan.test a:h4.fan.test a:h5.fan.test a:h6.fan.test include:f1.fan.test include:f2.fan.test include:f3.fan.test include:f4.fan.test include:f5.fan.test include:f6.fan.test include:f7.fan.test include:f8.fan.test include:f9.fan.test -all"
h1                  A 198.51.100.1
h2                  A 198.51.100.2
h3                  A 198.51.100.3
h4                  A 198.51.100.4
h5                  A 198.51.100.5
h6                  A 198.51.100.6
f1                  TXT "v=spf1 mx:m.fan.test mx:m.fan.test mx:m.fan.test mx:m.fan.test mx:m.fan.test mx:m.fan.test mx:m.fan.test mx:m.fan.test mx:m.fan.test mx:m.fan.test -all"
f2                  TXT "v=spf1 include:f1.fan.test include:f1.fan.test include:f1.fan.test -all"
f3                  TXT "v=spf1 include:f2.fan.test include:f2.fan.test -all"
f4                  TXT "v=spf1 include:f3.fan.test -all"
f5                  TXT "v=spf1 include:f4.fan.test -all"
f6                  TXT "v=spf1 include:f5.fan.test -all"
f7                  TXT "v=spf1 include:f6.fan.test -all"
f8                  TXT "v=spf1 include:f7.fan.test -all"
f9                  TXT "v=spf1 include:f8.fan.test -all"
m                   MX 10 x1
m                   MX 10 x2
m                   MX 10 x3
m                   MX 10 x4
m                   MX 10 x5
m                   MX 10 x6
m                   MX 10 x7
m                   MX 10 x8
m                   MX 10 x9
m                   MX 10 x10
m                   MX 10 x11
m                   MX 10 x12
_dmarc              TXT "v=DMARC1; p=reject"
"""


def _split_txt(zone):
    out = []
    for line in zone.splitlines():
        head, sep, rest = line.partition('TXT "')
        if sep and len(rest) > 256:
            text = rest[:-1]
            line = head + "TXT ( " + " ".join('"%s"' % text[i:i + 200] for i in range(0, len(text), 200)) + " )"
        out.append(line)
    return "\n".join(out) + "\n"


ZONE = _split_txt(ZONE_TEMPLATE)

# The entry hop, written by a provider kakunin recognises (data/providers.json), so that the
# SPF stage takes the client IP 192.0.2.7 (inside example.test's ip4:192.0.2.0/24) from it.
def _received(helo):
    return ("Received: from %s (%s [192.0.2.7])\r\n"
            "\tby mx.google.com with ESMTPS id 1; Mon, 2 Mar 2026 09:00:00 +0000\r\n" % (helo, helo))


def _head(sender="alice@example.test", extra="", content_type="text/plain; charset=utf-8"):
    domain = sender.split("@")[1]
    return (_received("mail." + domain) +
            "Return-Path: <%s>\r\n"
            "From: Alice <%s>\r\n"
            "To: bob@example.net\r\n"
            "Subject: hostile\r\n"
            "Date: Mon, 2 Mar 2026 09:00:00 +0000\r\n"
            "Message-ID: <hostile@example.test>\r\n"
            "%s"
            "MIME-Version: 1.0\r\n"
            "Content-Type: %s\r\n"
            "\r\n" % (sender, sender, extra, content_type)).encode()


def _repeat(piece, total, chunk=4 * MB):
    """Yields `piece` repeated until `total` bytes, in chunks of about `chunk` bytes."""
    block = piece * max(1, chunk // len(piece))
    left = total
    while left > 0:
        out = block[:left]
        left -= len(out)
        yield out


# ---- the cases ----

def deep_multipart(depth=1000):
    yield _head(content_type='multipart/mixed; boundary="b0"')
    for i in range(1, depth):
        yield b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i - 1, i)
    yield b"--b%d\r\nContent-Type: text/plain\r\n\r\ninnermost https://deep.example.test/x\r\n" % (depth - 1)
    for i in range(depth - 1, -1, -1):
        yield b"--b%d--\r\n" % i


def many_headers(n=100_000):
    yield _head()[:-2]  # without the empty line
    yield b"".join(b"X-Filler-%d: value %d\r\n" % (i, i) for i in range(n))
    yield b"\r\nbody\r\n"


def long_header_line(total=100 * MB):
    yield _head()[:-2]
    yield b"X-Long: "
    yield from _repeat(b"abcdefghijklmnopqrstuvwxyz0123456789", total)
    yield b"\r\n\r\nbody\r\n"


def big_base64(total=200 * MB):
    yield _head(content_type='multipart/mixed; boundary="zz"')
    yield (b"--zz\r\nContent-Type: text/plain\r\n\r\nsee the attachment\r\n"
           b"--zz\r\nContent-Type: application/octet-stream; name=big.bin\r\n"
           b"Content-Disposition: attachment; filename=big.bin\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n")
    line = base64.b64encode(os.urandom(57)) + b"\r\n"  # 76 characters, RFC 2045 6.8
    yield from _repeat(line, total)
    yield b"--zz--\r\n"


def boundary_collision():
    # Nested boundaries that are prefixes of each other, a boundary repeated inside its own
    # child, a delimiter inside a base64 body, an empty boundary and an unterminated part.
    yield _head(content_type='multipart/mixed; boundary="a"')
    part = (b"--a\r\nContent-Type: multipart/alternative; boundary=\"a-\"\r\n\r\n"
            b"--a-\r\nContent-Type: multipart/related; boundary=\"a\"\r\n\r\n"
            b"--a\r\nContent-Type: text/plain\r\n\r\nhttps://one.example.test/\r\n"
            b"--a-\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n\r\n"
            b"--a--\r\n--a---\r\n"
            b"--a\r\nContent-Type: text/html; boundary=\"a\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            b"PGEgaHJlZj0iaHR0cHM6Ly90d28uZXhhbXBsZS50ZXN0LyI+eDwvYT4=\r\n--a\r\n")
    yield part * 2000
    yield b"--a\r\nContent-Type: multipart/mixed; boundary=\"never-closed\"\r\n\r\n--never-closed\r\n"


def bad_encoded_words(n=20_000):
    bad = [b"=?utf-8?B?####?=", b"=?utf-8?Q?=ZZ=?=", b"=?bogus-charset?B?aGVsbG8=?=", b"=?utf-8?X?abc?=",
           b"=?utf-8*ja?B?", b"=?=?=?=??==", b"=?iso-2022-jp?B?GyRCJCIbKEI?=", b"=?utf-8?B?" + b"A" * 5000 + b"?="]
    subject = b" ".join(bad[i % len(bad)] for i in range(n))
    yield (_received("mail.example.test") +
           "From: =?utf-8?B?QWxpY2U=?= =?utf-8?Q?=E3=81?= <alice@example.test>\r\n"
           "To: =?x-unknown?Q?bob?= <bob@example.net>\r\n"
           "Date: Mon, 2 Mar 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n").encode()
    yield b"Subject: " + subject + b"\r\n"
    yield b"Content-Disposition: attachment; filename*=bogus'xx'%FF%FE%00; filename=\"=?utf-8?B?!!?=\"\r\n\r\nbody\r\n"


def bad_charsets(parts=2000):
    charsets = [b"x-bogus", b"utf-8", b"iso-2022-jp", b"shift_jis", b"utf-16", b"utf-7", b"euc-jp",
                b"unicode-1-1-utf-7", b"\xff\xfe", b"", b"utf-8\"; charset=\"koi8-r"]
    junk = bytes(range(128, 256)) * 4 + b"\xed\xa0\x80\xf4\x90\x80\x80\xc0\xaf\xe0\x80\xaf \x1b$B\x1b(J\x00"
    yield _head(content_type='multipart/mixed; boundary="c"')
    for i in range(parts):
        cs = charsets[i % len(charsets)]
        kind = b"html" if i % 2 else b"plain"
        yield b"--c\r\nContent-Type: text/" + kind + b"; charset=\"" + cs + b"\"\r\n\r\n" + junk + b"\r\n"
    yield b"--c--\r\n"


def many_links(n=100_000):
    yield _head(content_type='multipart/alternative; boundary="l"')
    yield b"--l\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    yield b"".join(b"https://l%d.example.test/p?q=%d www.w%d.example.test\r\n" % (i, i, i) for i in range(n))
    yield b"--l\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>"
    yield b"".join(b'<a href="https://h%d.example.test/">Amazon %d</a>\r\n' % (i, i) for i in range(n))
    yield b"</body></html>\r\n--l--\r\n"


def nested_html(n=1_000_000):
    yield _head(content_type="text/html; charset=utf-8")
    yield b"<html><body>"
    yield from _repeat(b"<div>", 5 * n)
    yield b'<a href="https://inner.example.test/">x</a>'
    yield from _repeat(b"</div>", 6 * n)
    yield b"</body></html>\r\n"


def dkim_huge_tags(n=100_000):
    yield _received("mail.example.test").encode()
    yield b"DKIM-Signature: v=1; a=rsa-sha256; d=example.test; s=sel; c=relaxed/relaxed;\r\n"
    yield b"".join(b"\tx%d=%d;\r\n" % (i, i) for i in range(n))
    yield b"\th=" + b":".join([b"from"] * n) + b";\r\n"
    yield b"\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n"
    yield b"DKIM-Signature: v=1; a=rsa-sha256; d=example.test; s=sel; h=from; bh=; b=" + b"A" * (4 * MB) + b"\r\n"
    for i in range(40):
        yield b"DKIM-Signature: v=1; a=rsa-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA; z=%d\r\n" % i
    yield _head()[len(_received("mail.example.test")):]
    yield b"body\r\n"


def spf_loop():
    yield _head(sender="carol@loop.test")
    yield b"body\r\n"


def spf_fanout():
    yield _head(sender="dave@fan.test")
    yield b"body\r\n"


# name -> (generator, approximate bytes, finding ids that must all be reported: what was cut or
# what was wrong). run_hostile.py adds per-case checks of the authentication results.
CASES = {
    "deep_multipart": (deep_multipart, 80_000, ["mime.limit.depth"]),
    "many_headers": (many_headers, 3_000_000, ["mime.limit.header_fields"]),
    "long_header_line": (long_header_line, 100 * MB, ["mime.limit.message_size", "mime.limit.line_length"]),
    "big_base64": (big_base64, 200 * MB, ["mime.limit.message_size"]),
    "boundary_collision": (boundary_collision, 900_000, ["mime.malformed_multipart"]),
    "bad_encoded_words": (bad_encoded_words, 15_000_000, ["mime.bad_encoded_word", "mime.limit.line_length"]),
    "bad_charsets": (bad_charsets, 1_300_000, ["mime.charset_unknown", "mime.charset_errors"]),
    "many_links": (many_links, 12_000_000, ["links.limit.count"]),
    "nested_html": (nested_html, 11 * MB, ["links.limit.html_size", "links.limit.nesting"]),
    "dkim_huge_tags": (dkim_huge_tags, 6 * MB, ["dkim.limit.signatures"]),
    "spf_loop": (spf_loop, 400, []),
    "spf_fanout": (spf_fanout, 400, []),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--out")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    if args.list or not args.out:
        for name, (_, size, ids) in CASES.items():
            print("%-20s %12d bytes  %s" % (name, size, ", ".join(ids) or "(SPF result checked)"))
        return 0
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "hostile.zone"), "w") as f:
        f.write(ZONE)
    for name in args.names or list(CASES):
        if name not in CASES:
            print("unknown case " + name, file=sys.stderr)
            return 2
        with open(os.path.join(args.out, name + ".eml"), "wb") as f:
            for chunk in CASES[name][0]():
                f.write(chunk)
    return 0


if __name__ == "__main__":
    sys.exit(main())
