"""Must-not-flag mail (newsletters, receipts, mailing lists, personal mail: never phishing) and
brand mail forwarded through forward.example.org with an ARC set (genuine only through ARC)."""

import dkim

from corpus_cases import (AMAZON_JP, FORWARDER, FRIEND, LINE, LIST, LIST_KEY, NEWS, PROVIDER, SHOP,
                          Case, Forward, Sign, auth, html_page)
from make_corpus import USER_EN, Expect, Part

NEEDS_PLAIN = ["brands", "links"]


def unknown_no_brand(why, decisive=(), needs=NEEDS_PLAIN):
    return Expect("unknown", None, "other", None, list(decisive), needs, why)


def shop_newsletter_mentions_amazon():
    text = """こもれび珈琲店 ニュースレター 2026年12月号

いつもご愛顧いただきありがとうございます。

■ 冬季限定ブレンド「雪明かり」販売開始
深煎りのコクと、ほのかなカカオの香り。12月1日より店頭とオンラインショップで販売します。
https://komorebi-coffee.example.com/shop/yukiakari

■ 取り扱い先が増えました
当店の豆は、オンラインショップのほか、Amazonと楽天市場でもお買い求めいただけるようになりました。
ギフト包装をご希望の方は、当店オンラインショップをご利用ください。

■ 年末年始の営業
12月30日から1月3日まで休業いたします。

配信停止はこちら：https://komorebi-coffee.example.com/newsletter/unsubscribe?u=hy2026
こもれび珈琲店
"""
    html = html_page("""<h2>こもれび珈琲店 ニュースレター 2026年12月号</h2>
<p>いつもご愛顧いただきありがとうございます。</p>
<h3>冬季限定ブレンド「雪明かり」販売開始</h3>
<p>深煎りのコクと、ほのかなカカオの香り。12月1日より店頭と<a href="https://komorebi-coffee.example.com/shop/yukiakari">オンラインショップ</a>で販売します。</p>
<h3>取り扱い先が増えました</h3>
<p>当店の豆は、オンラインショップのほか、Amazonと楽天市場でもお買い求めいただけるようになりました。ギフト包装をご希望の方は、当店オンラインショップをご利用ください。</p>
<h3>年末年始の営業</h3>
<p>12月30日から1月3日まで休業いたします。</p>
<p style="font-size:11px"><a href="https://komorebi-coffee.example.com/newsletter/unsubscribe?u=hy2026">配信停止</a></p>""")
    return Case("shop_newsletter_mentions_amazon", SHOP, "【こもれび珈琲店】冬季限定ブレンドのお知らせ",
                [Part(text), Part(html, "html")],
                unknown_no_brand("A small shop's DKIM-signed newsletter that mentions Amazon and Rakuten in the body only: no brand claim, never phishing."),
                auth(), extra=["List-Unsubscribe: <https://komorebi-coffee.example.com/newsletter/unsubscribe?u=hy2026>"],
                date="Sat, 28 Nov 2026 10:00:00 +0900")


def shop_receipt():
    text = """山田 花子 様

こもれび珈琲店オンラインショップをご利用いただき、ありがとうございます。
以下の内容でご注文を承りました。

ご注文番号：KC-20261127-0153
ご注文日：2026年11月27日

深煎りブレンド 200g × 2　　2,160円
ドリップバッグ 10袋 × 1　　1,080円
送料　　　　　　　　　　　　  550円
合計（税込）　　　　　　　　3,790円

お支払い方法：クレジットカード
お届け予定：11月29日（日） ゆうパック

ご注文内容の確認：https://komorebi-coffee.example.com/mypage/orders/KC-20261127-0153

こもれび珈琲店
"""
    return Case("shop_receipt", SHOP, "【こもれび珈琲店】ご注文ありがとうございます",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                unknown_no_brand("An ISO-2022-JP order receipt from a shop that claims no brand; mentions Japan Post's ゆうパック only as the carrier."),
                auth(), hcs="iso-2022-jp", from_addr="order@komorebi-coffee.example.com",
                date="Fri, 27 Nov 2026 20:31:02 +0900")


def mailing_list_post():
    text = """Hi all,

Has anyone verified PayPal webhook signatures without the SDK? The docs at
https://developer.paypal.com/api/rest/webhooks/ describe the CRC32 over the body plus the
transmission id and time, but our verifier keeps rejecting events whose body has a trailing
newline.

Our code is at https://git.example.com/kenji/webhook-check (see verify.py, line 40).

Thanks,
Kenji
"""

    def list_changes(mail):
        mail.headers = [("Subject: [devtalk] " + h.split(": ", 1)[1]) if h.startswith("Subject:")
                        else h for h in mail.headers]
        mail.body += (b"_______________________________________________\r\n"
                      b"devtalk mailing list -- devtalk@lists.example.org\r\n"
                      b"To unsubscribe send an email to devtalk-leave@lists.example.org\r\n")
        mail.headers.append("List-Id: Developer talk <devtalk.lists.example.org>")
        mail.headers.append("List-Post: <mailto:devtalk@lists.example.org>")
        mail.headers.append("List-Unsubscribe: <mailto:devtalk-leave@lists.example.org>")

    def resign(mail):
        list_changes(mail)
        sig = dkim.sign(mail.bytes(), LIST_KEY.selector.encode(), LIST_KEY.domain.encode(),
                        LIST_KEY.dkimpy_private(), canonicalize=(b"relaxed", b"relaxed"),
                        include_headers=[b"from", b"to", b"subject", b"date", b"message-id",
                                         b"list-id", b"list-post", b"list-unsubscribe"])
        mail.prepend(sig.decode())

    return Case("mailing_list_post", LIST, "Verifying webhook signatures by hand",
                [Part(text, cte="7bit")],
                unknown_no_brand("A developer list post that links to developer.paypal.com as a reference: no brand claim; the author's DKIM broke on the list footer and DMARC (p=none) fails, which is normal for lists.",
                                 needs=["dkim", "dmarc", "brands", "links"]),
                auth(dkim="pass,fail", spf="pass", dmarc="fail"), to=("", "devtalk@lists.example.org"),
                tamper=resign, date="Fri, 27 Nov 2026 14:22:10 +0000")


def personal_mail():
    text = """花子さん

先週末のキャンプ、お疲れさまでした！
写真をアルバムにまとめたので、時間のあるときに見てください。
https://photos.example.org/album/8f3k2m

楽天で買ったテント、思ったより設営が簡単でよかったです。
次は春ごろにまた行きましょう。

太郎
"""
    return Case("personal_mail", FRIEND, "キャンプの写真",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                unknown_no_brand("Personal ISO-2022-JP mail from a friend that mentions Rakuten in passing: no brand claim, never phishing."),
                auth(), hcs="iso-2022-jp", date="Sat, 28 Nov 2026 09:48:31 +0900")


def tech_newsletter():
    text = """THE WEEKLY BYTE - Issue #214

1. Microsoft ships a new passkey API for Windows
   Developers can now register passkeys without a browser.
   Read more: https://click.weeklybyte.example.com/ls/click?upn=a1b2c3-214-1

2. Google Chrome drops support for an old TLS extension
   What it means for your servers.
   Read more: https://click.weeklybyte.example.com/ls/click?upn=a1b2c3-214-2

3. Apple opens its password manager format
   Read more: https://click.weeklybyte.example.com/ls/click?upn=a1b2c3-214-3

You are receiving this because you subscribed at weeklybyte.example.com.
Unsubscribe: https://weeklybyte.example.com/unsubscribe?u=am2026
"""
    html = html_page("""<h1>THE WEEKLY BYTE &ndash; Issue #214</h1>
<h3>Microsoft ships a new passkey API for Windows</h3>
<p>Developers can now register passkeys without a browser. <a href="https://click.weeklybyte.example.com/ls/click?upn=a1b2c3-214-1">Read more</a></p>
<h3>Google Chrome drops support for an old TLS extension</h3>
<p>What it means for your servers. <a href="https://click.weeklybyte.example.com/ls/click?upn=a1b2c3-214-2">Read more</a></p>
<h3>Apple opens its password manager format</h3>
<p><a href="https://click.weeklybyte.example.com/ls/click?upn=a1b2c3-214-3">Read more</a></p>
<p style="font-size:11px">You are receiving this because you subscribed at weeklybyte.example.com. <a href="https://weeklybyte.example.com/unsubscribe?u=am2026">Unsubscribe</a></p>
<img src="https://click.weeklybyte.example.com/open?u=am2026&amp;i=214" width="1" height="1" alt="">""", "en")
    return Case("tech_newsletter", NEWS, "The Weekly Byte #214: passkeys, TLS, password export",
                [Part(text), Part(html, "html")],
                unknown_no_brand("A newsletter about Microsoft, Google and Apple with click-tracking links on its own domain: news about brands is not a brand claim."),
                auth(), to=USER_EN, sign=[Sign(NEWS.ed)],
                extra=["List-Unsubscribe: <https://weeklybyte.example.com/unsubscribe?u=am2026>",
                       "List-Unsubscribe-Post: List-Unsubscribe=One-Click"],
                date="Fri, 27 Nov 2026 13:00:00 +0000")


# --- Forwarded: original DKIM broken, ARC from the trusted forwarder carries dmarc=pass -------
ARC_TRUST = [PROVIDER, FORWARDER]


def _footer(mail):
    mail.body += "\r\n-- \r\nforward.example.org 転送サービス\r\n".encode("iso2022_jp")


def amazon_jp_forwarded_arc():
    text = """山田 花子 様

Amazon.co.jpをご利用いただき、ありがとうございます。
ご注文を承りました。

注文番号：250-7654321-0123456
お届け予定：11月30日(月)

ご注文の確認・変更：
https://www.amazon.co.jp/gp/css/order-history

Amazon.co.jp
"""
    return Case("amazon_jp_forwarded_arc", AMAZON_JP, "Amazon.co.jp ご注文の確認",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                Expect("genuine", "amazon", "other", None, ["arc.pass"],
                       ["dkim", "spf", "dmarc", "arc", "brands", "links"],
                       "Forwarded through forward.example.org, which added a footer (the amazon.co.jp DKIM now fails) after recording dmarc=pass in its trusted ARC set.",
                       trust=ARC_TRUST, depends_on_arc=True),
                auth(dkim="fail", spf="pass", dmarc="fail", arc="pass"), hcs="iso-2022-jp",
                to=("山田 花子", f"hanako@{FORWARDER}"), forward=Forward(change=_footer),
                date="Fri, 27 Nov 2026 12:34:56 +0900")


def line_forwarded_arc_subject_tag():
    text = """山田 花子さん

LINEアカウントに登録されているメールアドレスの確認のため、認証番号をお送りします。

認証番号：562019

この認証番号の有効期限は30分です。
お心当たりがない場合は、このメールを破棄してください。

LINEヤフー株式会社
"""

    def tag_subject(mail):
        mail.headers = [("Subject: [fwd:hanako] " + h.split(": ", 1)[1]) if h.startswith("Subject:")
                        else h for h in mail.headers]

    return Case("line_forwarded_arc_subject_tag", LINE, "[LINE] メールアドレスの確認",
                [Part(text, cte="base64")],
                Expect("genuine", "line", "email_verification", "562019", ["arc.pass"],
                       ["dkim", "spf", "dmarc", "arc", "brands", "links"],
                       "The forwarder tagged the Subject, breaking LINE's Ed25519 signature; its trusted ARC set records dkim=pass and dmarc=pass for line.me.",
                       trust=ARC_TRUST, depends_on_arc=True),
                auth(dkim="fail", spf="pass", dmarc="fail", arc="pass"),
                to=("山田 花子", f"hanako@{FORWARDER}"), sign=[Sign(LINE.ed)],
                forward=Forward(change=tag_subject), date="Sat, 28 Nov 2026 08:15:00 +0900")


def cases():
    return [shop_newsletter_mentions_amazon(), shop_receipt(), mailing_list_post(),
            personal_mail(), tech_newsletter(), amazon_jp_forwarded_arc(),
            line_forwarded_arc_subject_tag()]
