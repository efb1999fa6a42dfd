#!/usr/bin/env python3
"""Writes a test mbox (mboxrd) for kakunin scan's benchmark and tests.

Usage: make_mbox.py OUT.mbox COUNT [--seed N]

The messages are the triage corpus (tests/corpus/*.eml) and the examples (examples/*.eml),
taken in a seeded random order, and - for a mix of sizes like a real mailbox - some of them
wrapped with a generated attachment: about 79 % stay as they are (1-6 KB), 20 % get a 10-60 KB
attachment and 1 % a 0.2-1 MB one (20,000 messages make about 270 MB). Body lines starting with "From " are quoted as ">From "
(mboxrd), and every message is preceded by a "From " separator line, as mail clients write them.
Wrapping breaks the DKIM signatures of those messages (the body changes); that is fine for a
throughput measurement and is what a forwarded or re-encoded mail looks like anyway.
"""
import base64
import glob
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_messages():
    paths = sorted(glob.glob(os.path.join(ROOT, "tests/corpus/*.eml")))
    paths += sorted(glob.glob(os.path.join(ROOT, "examples/*.eml")))
    msgs = []
    for p in paths:
        with open(p, "rb") as f:
            msgs.append(f.read().replace(b"\r\n", b"\n"))
    return msgs


def with_attachment(msg, size, rng):
    head, sep, body = msg.partition(b"\n\n")
    # Keep the original headers except the MIME ones; the original body becomes the first part.
    lines = re.split(rb"\n(?![ \t])", head)
    kept = [l for l in lines if not l.lower().startswith((b"content-type:", b"content-transfer-encoding:", b"mime-version:"))]
    ctype = [l for l in lines if l.lower().startswith(b"content-type:")]
    cte = [l for l in lines if l.lower().startswith(b"content-transfer-encoding:")]
    boundary = b"kakunin-bench-%d" % rng.randrange(1 << 30)
    blob = base64.encodebytes(rng.randbytes(size))
    part1 = b"\n".join((ctype or [b"Content-Type: text/plain; charset=us-ascii"]) + cte)
    out = b"\n".join(kept) + b"\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"" + boundary + b"\"\n\n"
    out += b"--" + boundary + b"\n" + part1 + b"\n\n" + body + b"\n"
    out += b"--" + boundary + b"\nContent-Type: application/pdf; name=\"statement.pdf\"\n"
    out += b"Content-Disposition: attachment; filename=\"statement.pdf\"\nContent-Transfer-Encoding: base64\n\n"
    out += blob + b"--" + boundary + b"--\n"
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_path, count = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--seed" else 1
    rng = random.Random(seed)
    msgs = load_messages()
    from_quote = re.compile(rb"^(>*From )", re.M)
    with open(out_path, "wb") as out:
        for i in range(count):
            msg = rng.choice(msgs)
            r = rng.random()
            if r < 0.01:
                msg = with_attachment(msg, rng.randrange(200_000, 1_000_000), rng)
            elif r < 0.21:
                msg = with_attachment(msg, rng.randrange(10_000, 60_000), rng)
            if not msg.endswith(b"\n"):
                msg += b"\n"
            out.write(b"From bench-%d@example.org Sat Nov 28 12:00:00 2026\n" % i)
            out.write(from_quote.sub(rb">\1", msg))
            out.write(b"\n")


if __name__ == "__main__":
    main()
