"""The cases of kakunin's triage corpus, and the DNS data (keys, SPF, DMARC) they rely on.

Each case builds one message the way its sender's infrastructure would (headers, MIME body, DKIM
signatures), then what happened on the way (tampering, forwarding with an ARC set), then what the
user's provider mx.example.net added on delivery (Received, optionally Authentication-Results,
Return-Path). `auth` is what the generator's own checks must find; `expect` is what kakunin must
answer, following docs/verdicts.md.

Addresses: brands send from their own domains with TEST keys (see README.md); attacker
infrastructure lives under .example / .test / .invalid; other legitimate senders under
example.com / example.org; IPs are RFC 5737 documentation addresses.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime

import dkim

from make_corpus import (NOW, PROVIDER, USER_JA, Expect, Key, Mail, addr_domain, dmarc_eval,
                         header_text, mailbox, render_body, spf_eval, verify_all)

NOW_EPOCH = int(datetime.fromisoformat(NOW.replace("Z", "+00:00")).timestamp())
FORWARDER = "forward.example.org"  # The user's old university address forwards to mx.example.net.


@dataclass
class Sender:
    brand: object
    name: str
    addr: str
    ip: str
    helo: str
    mail_from: str  # Return-Path address; "{id}" is replaced by a per-case tag.
    rsa: Key = None
    ed: Key = None


# --- Brand senders (TEST keys stand in for the brands' real ones) ---------------------------
def brand(brand_id, name, addr, d, ip, helo, mail_from, ed=False):
    return Sender(brand_id, name, addr, ip, helo, mail_from, rsa=Key(d, "kakunin-test1"),
                  ed=Key(d, "kakunin-test2", "ed25519") if ed else None)


AMAZON_JP = brand("amazon", "Amazon.co.jp", "account-update@amazon.co.jp", "amazon.co.jp",
                  "198.51.100.20", "a48-21.smtp-out.amazon.co.jp", "{id}@bounces.amazon.co.jp",
                  ed=True)
AMAZON_COM = brand("amazon", "Amazon.com", "account-update@amazon.com", "amazon.com",
                   "198.51.100.36", "a12-7.smtp-out.amazon.com", "{id}@bounces.amazon.com", ed=True)
APPLE = brand("apple", "Apple", "no_reply@email.apple.com", "email.apple.com", "198.51.100.52",
              "rn2-txn-msbadger07103.apple.com", "bounce-{id}@email.apple.com")
GOOGLE = brand("google", "Google", "no-reply@accounts.google.com", "accounts.google.com",
               "198.51.100.70", "mail-sor-f69.google.com", "{id}@gaia.bounces.google.com", ed=True)
GOOGLE_DRIVE = Sender("google", "山本 健二 (Google ドライブ)", "drive-shares-dm-noreply@google.com",
                      "198.51.100.71", "mail-sor-f71.google.com", "{id}@google.com",
                      rsa=Key("google.com", "kakunin-test1"))
MICROSOFT = brand("microsoft", "Microsoft account team",
                  "account-security-noreply@accountprotection.microsoft.com",
                  "accountprotection.microsoft.com", "198.51.100.85",
                  "mail-out.accountprotection.microsoft.com",
                  "{id}@accountprotection.microsoft.com")
PAYPAL = brand("paypal", "PayPal", "service@paypal.com", "paypal.com", "198.51.100.100",
               "mx0.slc.paypal.com", "bounce-{id}@paypal.com")
LINE = brand("line", "LINE", "no-reply@line.me", "line.me", "198.51.100.117", "mail-out3.line.me",
             "bounce-{id}@line.me", ed=True)
RAKUTEN = brand("rakuten", "楽天会員サービス", "member@mail.rakuten.co.jp", "rakuten.co.jp",
                "198.51.100.131", "mta-r05.mail.rakuten.co.jp", "{id}@mail.rakuten.co.jp")
YAHOO_JP = brand("yahoo_japan", "Yahoo! JAPAN", "account-security-noreply@accounts.yahoo.co.jp",
                 "yahoo.co.jp", "198.51.100.150", "mta121.mail.yahoo.co.jp",
                 "bounce-{id}@accounts.yahoo.co.jp")
MERCARI = brand("mercari", "メルカリ", "no-reply@mercari.jp", "mercari.jp", "198.51.100.163",
                "mail-o1.mercari.jp", "bounces+{id}@mercari.jp", ed=True)
SMBC = brand("smbc", "三井住友銀行", "info@dn.smbc.co.jp", "smbc.co.jp", "198.51.100.180",
             "mail2.dn.smbc.co.jp", "{id}@dn.smbc.co.jp")
MUFG = brand("mufg", "三菱UFJ銀行", "mufg_info@bk.mufg.jp", "mufg.jp", "198.51.100.197",
             "mx01.bk.mufg.jp", "{id}@bk.mufg.jp")
JAPAN_POST = brand("japan_post", "日本郵便", "no-reply@trackings.post.japanpost.jp",
                   "japanpost.jp", "198.51.100.210", "smtp02.post.japanpost.jp",
                   "bounce-{id}@post.japanpost.jp")
YAMATO = brand("yamato", "ヤマト運輸", "mail@kuronekoyamato.co.jp", "kuronekoyamato.co.jp",
               "198.51.100.227", "mail3.kuronekoyamato.co.jp", "{id}@kuronekoyamato.co.jp")
SAGAWA = brand("sagawa", "佐川急便", "info-nimotsu@sagawa-exp.co.jp", "sagawa-exp.co.jp",
               "198.51.100.244", "mo1.sagawa-exp.co.jp", "{id}@sagawa-exp.co.jp")
DOCOMO = brand("docomo", "dアカウント", "daccount@docomo.ne.jp", "docomo.ne.jp", "192.0.2.19",
               "omta01.docomo.ne.jp", "{id}@docomo.ne.jp")
AU = brand("au", "au ID", "auid_info@au.com", "au.com", "192.0.2.40", "ms1.au.com", "{id}@au.com")
SOFTBANK = brand("softbank", "ソフトバンク", "information@softbank.jp", "softbank.jp", "192.0.2.55",
                 "mail-out1.softbank.jp", "{id}@softbank.jp")
ETAX = brand("etax", "e-Tax", "info@e-tax.nta.go.jp", "nta.go.jp", "192.0.2.70",
             "mail.e-tax.nta.go.jp", "{id}@e-tax.nta.go.jp")

BRAND_SPF = [  # (domain whose SPF and DMARC records we publish, range, DMARC policy)
    ("amazon.co.jp", "198.51.100.16/28", "reject"), ("amazon.com", "198.51.100.32/28", "quarantine"),
    ("apple.com", "198.51.100.48/28", "quarantine"), ("google.com", "198.51.100.64/28", "reject"),
    ("microsoft.com", "198.51.100.80/28", "reject"), ("paypal.com", "198.51.100.96/28", "reject"),
    ("line.me", "198.51.100.112/28", "reject"), ("rakuten.co.jp", "198.51.100.128/28", "reject"),
    ("yahoo.co.jp", "198.51.100.144/28", "reject"), ("mercari.jp", "198.51.100.160/28", "reject"),
    ("smbc.co.jp", "198.51.100.176/28", "reject"), ("mufg.jp", "198.51.100.192/28", "reject"),
    ("japanpost.jp", "198.51.100.208/28", "reject"),
    ("kuronekoyamato.co.jp", "198.51.100.224/28", "reject"),
    ("sagawa-exp.co.jp", "198.51.100.240/28", "reject"), ("docomo.ne.jp", "192.0.2.16/28", "reject"),
    ("au.com", "192.0.2.32/28", "reject"), ("softbank.jp", "192.0.2.48/28", "reject"),
    ("nta.go.jp", "192.0.2.64/28", "reject"),
]
# Return-Path domains below the organizational domain publish the same range.
BRAND_MAIL_FROM = {
    "bounces.amazon.co.jp": "amazon.co.jp", "bounces.amazon.com": "amazon.com",
    "email.apple.com": "apple.com", "gaia.bounces.google.com": "google.com",
    "accountprotection.microsoft.com": "microsoft.com", "mail.rakuten.co.jp": "rakuten.co.jp",
    "accounts.yahoo.co.jp": "yahoo.co.jp", "dn.smbc.co.jp": "smbc.co.jp", "bk.mufg.jp": "mufg.jp",
    "post.japanpost.jp": "japanpost.jp", "e-tax.nta.go.jp": "nta.go.jp",
}

# Keys that signed mail but are no longer published (rotated away).
AMAZON_JP_OLD = Key("amazon.co.jp", "kakunin-2024a", published=False)
SMBC_OLD = Key("smbc.co.jp", "kakunin-2023", published=False)
YAMATO_OLD = Key("kuronekoyamato.co.jp", "kakunin-2025a", published=False)

# Other legitimate senders (no brand).
FORWARD_KEY = Key(FORWARDER, "kakunin-arc1")
SHOP = Sender(None, "こもれび珈琲店", "news@komorebi-coffee.example.com", "192.0.2.101",
              "mail.komorebi-coffee.example.com", "bounce-{id}@komorebi-coffee.example.com",
              rsa=Key("komorebi-coffee.example.com", "s2026"))
FRIEND = Sender(None, "鈴木 太郎", "taro.suzuki@example.org", "192.0.2.220", "smtp.example.org",
                "taro.suzuki@example.org", rsa=Key("example.org", "mail2026"))
LIST = Sender(None, "Kenji Sato", "kenji@example.com", "192.0.2.210", "lists.example.org",
              "devtalk-bounces+{id}@lists.example.org", rsa=Key("example.com", "k1"))
LIST_KEY = Key("lists.example.org", "list1")
NEWS = Sender(None, "The Weekly Byte", "editor@weeklybyte.example.com", "192.0.2.230",
              "o1.mail.weeklybyte.example.com", "bounces+{id}@mail.weeklybyte.example.com",
              ed=Key("weeklybyte.example.com", "wb1", "ed25519"))
OTHER_LEGIT_SPF = [
    ("komorebi-coffee.example.com", "192.0.2.100/30", "none"), ("example.org", "192.0.2.216/29", "none"),
    ("lists.example.org", "192.0.2.208/29", None), ("example.com", "192.0.2.208/29", "none"),
    ("mail.weeklybyte.example.com", "192.0.2.228/30", None), ("weeklybyte.example.com", "192.0.2.228/30", "none"),
    (FORWARDER, "192.0.2.200/30", "none"), ("example.net", "192.0.2.240/28", "none"),
]

# Attacker infrastructure (all under .example / .test / .invalid).
AMAZ0N_KEY = Key("amaz0n-co-jp.example", "default")
APPLE_IDN = "xn--pple-43d.example"  # "аpple.example" with a Cyrillic а (U+0430)
APPLE_IDN_KEY = Key(APPLE_IDN, "mail", "ed25519")
ARC_RELAY_KEY = Key("arc-relay.example", "seal")
FORGER_KEY = Key("forger.invalid", "unpublished", published=False)  # signs as someone else
ATTACKER_SPF = [
    ("amaz0n-co-jp.example", "203.0.113.66/32", "none"), (APPLE_IDN, "203.0.113.70/32", "none"),
    ("arc-relay.example", "203.0.113.90/32", None), ("mailer.test", "203.0.113.0/25", None),
]


def all_keys():
    keys = [AMAZON_JP_OLD, SMBC_OLD, YAMATO_OLD, FORWARD_KEY, LIST_KEY, AMAZ0N_KEY, APPLE_IDN_KEY,
            ARC_RELAY_KEY, FORGER_KEY]
    for s in (AMAZON_JP, AMAZON_COM, APPLE, GOOGLE, GOOGLE_DRIVE, MICROSOFT, PAYPAL, LINE, RAKUTEN, YAHOO_JP,
              MERCARI, SMBC, MUFG, JAPAN_POST, YAMATO, SAGAWA, DOCOMO, AU, SOFTBANK, ETAX, SHOP,
              FRIEND, LIST, NEWS):
        keys += [k for k in (s.rsa, s.ed) if k]
    return keys


def fill_zone(zone):
    keys = all_keys()
    zone.add("DKIM keys (TEST keys; brand domains' keys stand in for the brands' real keys)",
             [(f"{k.selector}._domainkey.{k.domain}", k.txt()) for k in keys if k.published])
    zone.add("Not published on purpose (rotated away or never published): "
             + ", ".join(f"{k.selector}._domainkey.{k.domain}" for k in keys if not k.published), [])
    for title, table in (("brands", BRAND_SPF), ("other legitimate senders", OTHER_LEGIT_SPF),
                         ("attacker infrastructure", ATTACKER_SPF)):
        recs = []
        for domain, net, policy in table:
            recs.append((domain, f"v=spf1 ip4:{net} -all"))
            if policy:
                recs.append((f"_dmarc.{domain}",
                             f"v=DMARC1; p={policy}; rua=mailto:dmarc-reports@{domain}"))
        zone.add(f"SPF and DMARC: {title}", recs)
    zone.add("Return-Path domains of the brands (SPF only; DMARC is at the organizational domain)",
             [(d, f"v=spf1 include:{org} -all") for d, org in BRAND_MAIL_FROM.items()])


# --- Building a case ------------------------------------------------------------------------
def qid(name):
    return hashlib.sha1(name.encode()).hexdigest()[:10].upper()


def epoch(date):
    return int(parsedate_to_datetime(date).timestamp())


DEFAULT_SIGNED = ["from", "to", "subject", "date", "message-id", "mime-version", "content-type",
                  "content-transfer-encoding"]


@dataclass
class Sign:
    key: Key
    headers: list = None  # default DEFAULT_SIGNED (+ reply-to, list-* when present), From twice
    length: bool = False  # l= tag
    oversign: bool = True  # sign From/Subject once more than present (h=from:from)
    as_domain: str = None  # forge: claim d=/s= of another key while signing with this one
    as_selector: str = None


@dataclass
class Forward:
    """Forwarded through FORWARDER: it checks the mail, changes it, seals an ARC set, sends it on."""
    change: object  # callable(Mail)
    sealer_key: Key = field(default_factory=lambda: FORWARD_KEY)
    srv_id: str = FORWARDER
    ip: str = "192.0.2.201"
    helo: str = "mx1.forward.example.org"
    drop_ar: bool = True
    claim: list = None  # results to write instead of the real ones (a lying sealer)
    deliver_to: str = USER_JA[1]  # where the forwarder sends it (the user's mailbox)


@dataclass
class Case:
    name: str
    sender: Sender
    subject: str
    parts: list
    expect: Expect
    auth: dict
    to: tuple = USER_JA
    date: str = "Sat, 28 Nov 2026 09:12:44 +0900"
    sign: list = None  # list of Sign; default: the sender's RSA key
    extra: list = field(default_factory=list)  # more header fields, in order, under Message-ID
    tamper: object = None  # callable(Mail), after signing
    forward: Forward = None
    provider_ar: str = None  # an Authentication-Results by PROVIDER at the top
    ip: str = None
    helo: str = None
    mail_from: str = None
    hcs: str = "utf-8"  # charset for encoded words in From/To/Subject
    from_name: str = None
    from_addr: str = None
    msgid: str = None
    boundary: str = None

    @property
    def sign_time(self):
        return epoch(self.date) - 2

    @property
    def check_time(self):
        return NOW_EPOCH

    def make(self, zone):
        s = self.sender
        tag = qid(self.name)
        from_name = self.from_name if self.from_name is not None else s.name
        from_addr = self.from_addr or s.addr
        from_domain = from_addr.split("@")[1]
        headers = [
            f"Date: {self.date}",
            f"From: {mailbox(from_name, from_addr, self.hcs)}",
            f"To: {mailbox(self.to[0], self.to[1], self.hcs)}",
            "Subject: " + header_text(self.subject, self.hcs),
            f"Message-ID: <{self.msgid or tag.lower() + '.' + self.name.replace('_', '-')}@{from_domain}>",
        ]
        headers += self.extra
        head, body = render_body(self.parts, self.boundary or f"=_kakunin_{tag}")
        headers.append("MIME-Version: 1.0")
        for line in head.rstrip("\r\n").split("\r\n"):
            if line.startswith((" ", "\t")):
                headers[-1] += "\r\n" + line  # a folded continuation line
            else:
                headers.append(line)
        mail = Mail(headers, body)
        signs = self.sign if self.sign is not None else [Sign(s.rsa)]
        for sg in signs:
            names = list(sg.headers or DEFAULT_SIGNED)
            present = {h.split(":", 1)[0].lower() for h in mail.headers}
            if sg.headers is None:
                names += [n for n in ("reply-to", "list-id", "list-unsubscribe") if n in present]
            names = [n for n in names if n in present]
            if sg.oversign:
                names += ["from", "subject"]
            sig = dkim.sign(mail.bytes(), (sg.as_selector or sg.key.selector).encode(),
                            (sg.as_domain or sg.key.domain).encode(), sg.key.dkimpy_private(),
                            canonicalize=(b"relaxed", b"relaxed"),
                            signature_algorithm=sg.key.algorithm(),
                            include_headers=[n.encode() for n in names], length=sg.length)
            mail.prepend(sig.decode())
        if self.tamper:
            self.tamper(mail)
        ip = self.ip or s.ip
        helo = self.helo or s.helo
        # The sending MTA's own hop (mail submitted locally), below everything added in transit.
        mail.prepend(f"Received: by {helo} (Postfix)\r\n\tid S{tag}; {self.date}")
        mail_from = (self.mail_from or s.mail_from).replace("{id}", tag.lower())
        rcpt = self.to[1]
        if self.forward:
            mail, ip, helo, mail_from = self._forward(zone, mail, ip, helo, mail_from)
            rcpt = self.forward.deliver_to
        mail.prepend(f"Received: from {helo} ({helo} [{ip}])\r\n\tby {PROVIDER} (Postfix) with "
                     f"ESMTPS id 4Z{tag}\r\n\tfor <{rcpt}>; {self.date}")
        if self.provider_ar:
            mail.prepend(f"Authentication-Results: {PROVIDER};\r\n\t{self.provider_ar}")
        mail.prepend(f"Delivered-To: {rcpt}")
        mail.prepend(f"Return-Path: <{mail_from}>")
        return mail.bytes()

    def _forward(self, zone, mail, ip, helo, mail_from):
        fw = self.forward
        mail.prepend(f"Received: from {helo} ({helo} [{ip}])\r\n\tby {fw.helo} with ESMTPS id "
                     f"F{qid(self.name)}\r\n\tfor <{self.to[1]}>; {self.date}")
        raw = mail.bytes()
        dk = verify_all(zone, raw)
        mfd = mail_from.split("@")[1]
        spf = spf_eval(zone, mfd, ip)
        from_domain = addr_domain(mail.field("From")[-1])
        dm = dmarc_eval(zone, from_domain, [d for d, r in dk if r == "pass"], spf, mfd)
        results = [f"dkim={r} header.d={d}" for d, r in dk] or ["dkim=none"]
        results += [f"spf={spf} smtp.mailfrom={mfd}", f"dmarc={dm} header.from={from_domain}"]
        if fw.claim:
            results = fw.claim
        mail.prepend(f"Authentication-Results: {fw.srv_id};\r\n\t" + ";\r\n\t".join(results))
        fw.change(mail)
        arc = dkim.arc_sign(mail.bytes(), fw.sealer_key.selector.encode(),
                            fw.sealer_key.domain.encode(), fw.sealer_key.dkimpy_private(),
                            fw.srv_id.encode(), timestamp=self.sign_time + 3,
                            include_headers=[b"from", b"to", b"subject", b"date", b"message-id",
                                             b"mime-version", b"content-type",
                                             b"content-transfer-encoding"])
        if fw.drop_ar:
            mail.remove("Authentication-Results")
        for h in reversed(arc):
            mail.prepend(h.decode())
        if fw.claim:
            return mail, fw.ip, fw.helo, mail_from
        srs = f"SRS0=kq7x={mfd}={mail_from.split('@')[0]}@{fw.srv_id}"
        return mail, fw.ip, fw.helo, srs


# --- Small helpers for bodies ---------------------------------------------------------------
def html_page(inner, lang="ja"):
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"></head>\n'
            f'<body style="font-family:sans-serif;font-size:14px;color:#111">\n{inner}\n</body>\n</html>\n')


def auth(dkim="pass", spf="pass", dmarc="pass", arc="none"):
    return {"dkim": dkim, "spf": spf, "dmarc": dmarc, "arc": arc}


GENUINE_NEEDS = ["dkim", "dmarc", "links", "brands"]


def genuine(brand_id, notice, code, why, decisive=("dmarc.pass",), trust=None):
    return Expect("genuine", brand_id, notice, code, list(decisive), GENUINE_NEEDS, why,
                  **({"trust": trust} if trust is not None else {}))


def shared_mailbox(brand_id, notice, code, why):
    """Authenticated brand mail from a domain where the brand's customers also have mailboxes
    (au.com, docomo.ne.jp): the domain is proven, not the writer (docs/verdicts.md row 5)."""
    return Expect("suspicious", brand_id, notice, code, ["brand.shared_mailbox_domain"], GENUINE_NEEDS,
                  why + "; but customers of the brand have mailboxes on the same domain, so "
                  "authentication proves the domain, not the writer (docs/verdicts.md row 5).")


def build_cases():
    from corpus_cases_genuine import cases as genuine_cases
    from corpus_cases_phishing import cases as phishing_cases
    from corpus_cases_other import cases as other_cases
    return genuine_cases() + phishing_cases() + other_cases()
