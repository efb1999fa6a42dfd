#!/usr/bin/python3
"""Writes kakunin's triage corpus: NAME.eml, NAME.expected.json and corpus.zone.

Run with Debian's /usr/bin/python3 (packages python3-dkim, python3-nacl, python3-authres,
python3-dnspython, python3-cryptography):

    /usr/bin/python3 tests/corpus/make_corpus.py

The output is deterministic: dates and DKIM/ARC t= are fixed, the keys are read from keys/*.pem
(generated once, the first time a key is missing, then committed) and RSA PKCS#1 v1.5 and Ed25519
signatures carry no randomness. The cases themselves live in corpus_cases.py.

Before writing anything the generator checks its own work with independent code paths: every
DKIM signature is verified with dkimpy against the zone file it just wrote (parsed back with
dnspython), ARC chains with dkimpy's arc_verify, SPF with a small evaluator of the records this
zone uses, and DMARC by alignment; each case declares the results it was built to produce and the
run stops if any differs. A summary table is printed at the end.
"""

import base64
import binascii
import ipaddress
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import dkim
import dns.rdatatype
import dns.zone
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

HERE = Path(__file__).resolve().parent
KEYS_DIR = HERE / "keys"
ZONE_PATH = HERE / "corpus.zone"
NOW = "2026-11-28T12:00:00Z"
PROVIDER = "mx.example.net"  # The user's mailbox provider (authserv-id and Received "by").
USER_JA = ("山田 花子", "hanako.yamada@example.net")
USER_EN = ("Alex Morgan", "alex.morgan@example.net")


# --- A clock for dkimpy ---------------------------------------------------------------------
# dkimpy stamps t= with time.time() and checks t=/x= against it when verifying; it has no
# parameter for either, so its module-level `time` is replaced by this fixed clock.
class FixedClock:
    def __init__(self):
        self.now = 0

    def time(self):
        return self.now


CLOCK = FixedClock()
dkim.time = CLOCK


# --- Keys -----------------------------------------------------------------------------------
@dataclass
class Key:
    """A DKIM/ARC key pair kept in keys/SELECTOR.DOMAIN.pem; published in the zone unless told."""

    domain: str
    selector: str
    alg: str = "rsa"  # "rsa" (2048 bits, rsa-sha256) or "ed25519" (ed25519-sha256)
    published: bool = True  # False: the key was rotated away, its record is not in the zone.
    note: str = ""

    @property
    def path(self):
        return KEYS_DIR / f"{self.selector}.{self.domain}.pem"

    def _load(self):
        if not self.path.exists():
            KEYS_DIR.mkdir(exist_ok=True)
            if self.alg == "rsa":
                k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                pem = k.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption())
            else:
                k = ed25519.Ed25519PrivateKey.generate()
                pem = k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
            self.path.write_bytes(pem)
            print(f"generated new key {self.path.name}", file=sys.stderr)
        return serialization.load_pem_private_key(self.path.read_bytes(), password=None)

    def dkimpy_private(self):
        """The private key in the form dkimpy wants: PEM for RSA, base64 of the seed for Ed25519."""
        k = self._load()
        if self.alg == "rsa":
            return self.path.read_bytes()
        seed = k.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                               serialization.NoEncryption())
        return base64.b64encode(seed)

    def algorithm(self):
        return b"rsa-sha256" if self.alg == "rsa" else b"ed25519-sha256"

    def txt(self):
        pub = self._load().public_key()
        if self.alg == "rsa":
            der = pub.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)
            return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()
        raw = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return "v=DKIM1; k=ed25519; p=" + base64.b64encode(raw).decode()


# --- Header and body encoding ---------------------------------------------------------------
CODECS = {"iso-2022-jp": "iso2022_jp", "shift_jis": "cp932", "euc-jp": "euc_jp", "utf-8": "utf-8",
          "us-ascii": "ascii"}


def codec(charset):
    return CODECS[charset.lower()]


def is_ascii(text):
    return all(ord(c) < 128 for c in text)


def encoded_words(text, charset, max_len=74):
    """RFC 2047 B-encoded words, each at most max_len characters; ISO-2022-JP chunks each end in
    ASCII mode because every chunk is encoded on its own."""
    words, chunk = [], ""
    prefix = f"=?{charset.upper()}?B?"

    def word(s):
        return prefix + base64.b64encode(s.encode(codec(charset))).decode() + "?="

    for ch in text:
        if chunk and len(word(chunk + ch)) > max_len:
            words.append(word(chunk))
            chunk = ""
        chunk += ch
    if chunk:
        words.append(word(chunk))
    return words


def header_text(text, charset):
    if is_ascii(text):
        return text
    return "\r\n ".join(encoded_words(text, charset))


def mailbox(name, addr, charset="utf-8"):
    if not name:
        return f"<{addr}>"
    if is_ascii(name):
        return '"' + name.replace('"', '\\"') + f'" <{addr}>'
    return header_text(name, charset) + f" <{addr}>"


def encode_body(text, charset, cte):
    raw = text.replace("\r\n", "\n").replace("\n", "\r\n").encode(codec(charset))
    if cte in ("7bit", "8bit"):
        if cte == "7bit" and any(b >= 0x80 for b in raw):
            raise ValueError("7bit body with 8-bit bytes")
        return raw
    if cte == "base64":
        b64 = base64.b64encode(raw).decode()
        return ("\r\n".join(b64[i:i + 76] for i in range(0, len(b64), 76)) + "\r\n").encode()
    if cte == "quoted-printable":
        lines = raw.split(b"\r\n")
        out = [binascii.b2a_qp(line, quotetabs=False, istext=True).replace(b"\n", b"\r\n")
               for line in lines]
        return b"\r\n".join(out)
    raise ValueError(cte)


@dataclass
class Part:
    text: str
    subtype: str = "plain"  # "plain" or "html"
    charset: str = "utf-8"
    cte: str = "quoted-printable"

    def render(self):
        head = (f"Content-Type: text/{self.subtype}; charset={self.charset_label()}\r\n"
                f"Content-Transfer-Encoding: {self.cte}\r\n")
        return head, encode_body(self.text, self.charset, self.cte)

    def charset_label(self):
        return self.charset if self.charset.lower() != "shift_jis" else "Shift_JIS"


def render_body(parts, boundary):
    """One part: its Content-Type/CTE become message headers. Several: multipart/alternative."""
    if len(parts) == 1:
        return parts[0].render()
    chunks = []
    for p in parts:
        head, body = p.render()
        chunks.append(b"--" + boundary.encode() + b"\r\n" + head.encode() + b"\r\n" + body
                      + (b"" if body.endswith(b"\r\n") else b"\r\n"))
    body = b"".join(chunks) + b"--" + boundary.encode() + b"--\r\n"
    head = (f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n')
    return head, body


# --- Messages -------------------------------------------------------------------------------
class Mail:
    """A message as raw header lines (each a complete field, folded, without the final CRLF)
    and a body; kept raw so that the generator controls every byte that DKIM hashes."""

    def __init__(self, headers, body):
        self.headers = list(headers)
        self.body = body

    @classmethod
    def parse(cls, data):
        head, _, body = data.partition(b"\r\n\r\n")
        fields = []
        for line in head.split(b"\r\n"):
            if line[:1] in (b" ", b"\t") and fields:
                fields[-1] += b"\r\n" + line
            else:
                fields.append(line)
        return cls([f.decode("latin-1") for f in fields], body)

    def bytes(self):
        head = "".join(h + "\r\n" for h in self.headers).encode("latin-1")
        return head + b"\r\n" + self.body

    def prepend(self, field_text):
        self.headers.insert(0, field_text.rstrip("\r\n"))

    def field(self, name):
        low = name.lower() + ":"
        return [h for h in self.headers if h.lower().startswith(low)]

    def remove(self, name):
        low = name.lower() + ":"
        self.headers = [h for h in self.headers if not h.lower().startswith(low)]


# --- DNS zone -------------------------------------------------------------------------------
def txt_strings(value):
    """A TXT value as quoted character-strings of at most 255 bytes (RFC 1035 3.3.14)."""
    return [value[i:i + 250] for i in range(0, len(value), 250)]


def zone_record(name, value):
    strings = txt_strings(value)
    if len(strings) == 1:
        return f'{name}. 3600 IN TXT "{strings[0]}"'
    inner = "\n".join(f'        "{s}"' for s in strings)
    return f"{name}. 3600 IN TXT (\n{inner} )"


class Zone:
    """The zone file's records, and a resolver over the file once written and parsed back."""

    def __init__(self):
        self.sections = []  # (comment, [(name, value)])
        self.txt = {}

    def add(self, comment, records):
        self.sections.append((comment, records))

    def write(self, path):
        out = ["; kakunin triage corpus: test DNS data, generated by make_corpus.py.",
               "; The DKIM keys below are TEST keys standing in for the brands' real keys;",
               "; the SPF ranges are documentation addresses (RFC 5737). Never use outside tests.",
               "$TTL 3600", ""]
        for comment, records in self.sections:
            out.append(f"; {comment}")
            out.extend(zone_record(n, v) for n, v in records)
            out.append("")
        path.write_text("\n".join(out))

    def load(self, path):
        """Parses the written file with dnspython: the checks below see only what the file says."""
        z = dns.zone.from_text(path.read_text(), origin=".", relativize=False, check_origin=False)
        for name, node in z.nodes.items():
            for rds in node.rdatasets:
                if rds.rdtype == dns.rdatatype.TXT:
                    vals = [b"".join(r.strings) for r in rds]
                    self.txt[str(name).rstrip(".").lower()] = vals

    def lookup(self, name):
        return self.txt.get(name.rstrip(".").lower(), [])

    def dkimpy_dnsfunc(self, name, timeout=5):
        name = name.decode() if isinstance(name, bytes) else name
        vals = self.lookup(name)
        return vals[0] if vals else None


# --- Independent checks: SPF and DMARC over this zone's simple records ---------------------
MULTI_LABEL_SUFFIXES = {"co.jp", "ne.jp", "go.jp", "or.jp", "ac.jp"}


def org_domain(domain):
    labels = domain.lower().rstrip(".").split(".")
    n = 3 if ".".join(labels[-2:]) in MULTI_LABEL_SUFFIXES else 2
    return ".".join(labels[-n:])


def spf_eval(zone, domain, ip, depth=0):
    """SPF for the mechanisms this zone uses (ip4, include, all). Returns pass/fail/softfail/none."""
    recs = [v.decode() for v in zone.lookup(domain) if v.startswith(b"v=spf1")]
    if not recs:
        return "none"
    for term in recs[0].split()[1:]:
        qual = "+"
        if term[0] in "+-~?":
            qual, term = term[0], term[1:]
        hit = False
        if term.startswith("ip4:"):
            hit = ipaddress.ip_address(ip) in ipaddress.ip_network(term[4:], strict=False)
        elif term.startswith("include:"):
            hit = depth < 5 and spf_eval(zone, term[8:], ip, depth + 1) == "pass"
        elif term == "all":
            hit = True
        else:
            raise ValueError(f"SPF term {term} not supported by the self-check")
        if hit:
            return {"+": "pass", "-": "fail", "~": "softfail", "?": "neutral"}[qual]
    return "neutral"


def addr_domain(field_value):
    v = field_value.split(":", 1)[1]
    addr = v[v.rfind("<") + 1:v.rfind(">")] if "<" in v else v.strip()
    return addr.rsplit("@", 1)[1].strip().lower() if "@" in addr else ""


def dmarc_eval(zone, from_domain, dkim_passes, spf_result, mail_from_domain):
    rec = zone.lookup("_dmarc." + from_domain) or zone.lookup("_dmarc." + org_domain(from_domain))
    if not rec:
        return "none"
    org = org_domain(from_domain)
    if any(org_domain(d) == org for d in dkim_passes):
        return "pass"
    if spf_result == "pass" and org_domain(mail_from_domain) == org:
        return "pass"
    return "fail"


# --- Cases ----------------------------------------------------------------------------------
@dataclass
class Expect:
    verdict: str
    brand: object  # registry id or None
    notice: str
    code: object  # str or None
    decisive: list
    needs: list
    why: str
    trust: list = field(default_factory=lambda: [PROVIDER])
    depends_on_arc: bool = False
    findings: list = field(default_factory=list)  # ids that must be among the report's findings

    def json(self, got):
        return {
            "verdict": self.verdict,
            "brand": self.brand,
            "notice": self.notice,
            "code": self.code,
            "decisive_findings": self.decisive,
            "findings": self.findings,
            "authentication": self.authentication(got),
            "options": {"trust_authserv": self.trust, "now": NOW},
            "needs": self.needs,
            "depends_on_arc": self.depends_on_arc,
            "why": self.why,
        }

    def authentication(self, got):
        """The results the generator's own checks found. SPF (and so DMARC) needs the provider's
        Received to be identified, which kakunin does only when the provider is trusted."""
        out = {"dkim": [r.split("+")[0] for r in got["dkim"].split(",") if r != "none"]}
        if PROVIDER in self.trust:
            out["spf"] = got["spf"]
            out["dmarc"] = got["dmarc"]
        out["arc"] = got["arc"]
        return out


def verify_all(zone, raw):
    """DKIM result of every signature (top first): pass, fail, or permerror when the key is
    absent from the zone; with the signing domain."""
    mail = Mail.parse(raw)
    out = []
    sigs = [h for h in mail.headers if h.lower().startswith("dkim-signature:")]
    for i, sig in enumerate(sigs):
        tags = dict(t.strip().split("=", 1) for t in sig.split(":", 1)[1].replace("\r\n", "")
                    .split(";") if "=" in t)
        d = tags["d"].strip()
        s = tags["s"].strip()
        if not zone.lookup(f"{s}._domainkey.{d}"):
            out.append((d, "permerror"))
            continue
        result = "pass" if _dkimpy_verify(zone, raw, i) else "fail"
        # dkimpy verifies as if From were signed once more than h= says (its guard against an
        # added From), where RFC 6376 5.4.2 picks the bottom-most instances only. To see the RFC
        # result of a signature with unsigned extra From fields, drop the surplus from the top.
        froms = mail.field("From")
        signed = [n.strip().lower() for n in tags["h"].replace("\r\n", "").split(":")].count("from")
        if result == "fail" and len(froms) > signed:
            surplus = froms[:len(froms) - signed]
            trimmed = Mail([h for h in mail.headers if h not in surplus], mail.body).bytes()
            if _dkimpy_verify(zone, trimmed, i):
                result = "pass+unsigned-from"
        out.append((d, result))
    return out


def _dkimpy_verify(zone, raw, idx):
    try:
        return dkim.DKIM(raw, minkey=1024).verify(idx=idx, dnsfunc=zone.dkimpy_dnsfunc)
    except dkim.DKIMException:
        return False


def provider_hop(mail):
    """(ip, mail_from_domain) from the top Received by PROVIDER and the Return-Path."""
    ip = None
    for h in mail.field("Received"):
        if f"by {PROVIDER}" in h:
            ip = h[h.index("[") + 1:h.index("]")]
            break
    rp = mail.field("Return-Path")
    mfd = addr_domain(rp[0]) if rp else ""
    return ip, mfd


def check(zone, case, raw):
    mail = Mail.parse(raw)
    dk = verify_all(zone, raw)
    ip, mfd = provider_hop(mail)
    spf = spf_eval(zone, mfd, ip) if ip and mfd else "none"
    from_domain = addr_domain(mail.field("From")[-1])
    dmarc_res = dmarc_eval(zone, from_domain, [d for d, r in dk if r == "pass"], spf, mfd)
    arc = "none"
    if mail.field("ARC-Seal"):
        cv, _, _ = dkim.arc_verify(raw, dnsfunc=zone.dkimpy_dnsfunc)
        arc = cv.decode()
    got = {"dkim": ",".join(r for _, r in dk) or "none", "spf": spf, "dmarc": dmarc_res, "arc": arc}
    want = dict(case.auth)
    for k, v in want.items():
        if got[k] != v:
            raise SystemExit(f"{case.name}: {k} is {got[k]}, built to be {v}")
    return got


def main():
    import corpus_cases as cc

    zone = Zone()
    cc.fill_zone(zone)
    zone.write(ZONE_PATH)
    zone.load(ZONE_PATH)
    cases = cc.build_cases()
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate case names")
    rows = []
    for case in cases:
        CLOCK.now = case.sign_time
        raw = case.make(zone)
        CLOCK.now = case.check_time
        if raw.count(b"\r") != raw.count(b"\r\n") or raw.count(b"\n") != raw.count(b"\r\n"):
            raise SystemExit(f"{case.name}: bare CR or LF in the message")
        got = check(zone, case, raw)
        (HERE / f"{case.name}.eml").write_bytes(raw)
        (HERE / f"{case.name}.expected.json").write_text(
            json.dumps(case.expect.json(got), ensure_ascii=False, indent=2) + "\n")
        rows.append((case.name, case.expect.verdict, case.expect.brand or "-", got))
    stale = {p.name.split(".")[0] for p in HERE.glob("*.eml")} - set(names)
    for s in sorted(stale):
        print(f"warning: {s}.eml is not produced by any case", file=sys.stderr)
    width = max(len(r[0]) for r in rows)
    print(f"{'case':{width}}  {'verdict':10} {'brand':12} dkim            spf       dmarc arc")
    for name, verdict, brand, got in rows:
        print(f"{name:{width}}  {verdict:10} {brand:12} {got['dkim']:15} {got['spf']:9} "
              f"{got['dmarc']:5} {got['arc']}")
    counts = {}
    for _, v, _, _ in rows:
        counts[v] = counts.get(v, 0) + 1
    brands = sorted({b for _, v, b, _ in rows if b != "-"})
    print(f"{len(rows)} cases: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
          + f"; brands: {len(brands)} ({' '.join(brands)})")
    print("all DKIM/ARC signatures verified against corpus.zone as built (tampered ones fail)")


if __name__ == "__main__":
    # Run as the module `make_corpus` so that the case modules share its clock and classes.
    sys.dont_write_bytecode = True  # keep tests/corpus free of __pycache__
    sys.path.insert(0, str(HERE))
    import make_corpus

    make_corpus.main()
