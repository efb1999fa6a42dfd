"""Phishing: mail that claims a brand it is not authenticated as, is authenticated only as a
lookalike, or whose links deceive. Every URL is made up and points at .example/.test/.invalid
(or at a documentation IP address)."""

from corpus_cases import (AMAZ0N_KEY, AMAZON_JP, APPLE, APPLE_IDN, APPLE_IDN_KEY, ARC_RELAY_KEY,
                          AU, DOCOMO, GOOGLE_DRIVE, ETAX, FORGER_KEY, JAPAN_POST, LINE, MERCARI, MICROSOFT, MUFG,
                          PAYPAL, RAKUTEN, SAGAWA, SMBC, SOFTBANK, YAHOO_JP, YAMATO, Case, Forward, Sign, auth,
                          html_page)
from make_corpus import USER_EN, Expect, Part

PHISH_NEEDS = ["brands", "links"]


def phish(brand_id, notice, decisive, why, needs=None, findings=()):
    return Expect("phishing", brand_id, notice, None, decisive, needs or PHISH_NEEDS, why,
                  findings=list(findings))


def amazon_jp_display_name_spoof():
    text = """Amazon.co.jp をご利用いただきありがとうございます。

お客様のアカウントで不審なアクティビティが検出されたため、アカウントを一時的に停止しました。

アカウントを引き続きご利用いただくには、24時間以内に以下のリンクからお客様情報をご確認ください。
期限を過ぎますと、アカウントは永久に利用できなくなります。

https://amazon-account-verify.example/ap/signin?ref=suspend-8831

Amazon.co.jp カスタマーサービス
"""
    return Case("amazon_jp_display_name_spoof", AMAZON_JP, "【重要】Amazonアカウントを一時停止しました",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                phish("amazon", "account_locked_lure", ["brand.sender_mismatch"],
                      "Display name Amazon.co.jp over a foreign address (secure-notice.test), no signature, link off Amazon."),
                auth(dkim="none", spf="pass", dmarc="none"), hcs="iso-2022-jp", sign=[],
                from_addr="info@secure-notice.test", ip="203.0.113.21", helo="vps-21.mailer.test",
                mail_from="bounce-{id}@mailer.test", date="Sat, 28 Nov 2026 03:12:09 +0900")


def amazon_jp_lookalike_sender():
    text = """Amazon.co.jp

お支払い方法の更新が必要です

ご登録のクレジットカードの有効期限が切れているため、ご注文の処理ができませんでした。
お支払い方法を更新しないと、ご注文はキャンセルされ、Amazonプライムの特典がご利用いただけなくなります。

お支払い方法を更新する:
https://amaz0n-co-jp.example/gp/css/account/cards/update

Amazon.co.jp
"""
    html = html_page("""<p style="font-size:20px">Amazon.co.jp</p>
<h2>お支払い方法の更新が必要です</h2>
<p>ご登録のクレジットカードの有効期限が切れているため、ご注文の処理ができませんでした。</p>
<p>お支払い方法を更新しないと、ご注文はキャンセルされ、Amazonプライムの特典がご利用いただけなくなります。</p>
<p><a href="https://amaz0n-co-jp.example/gp/css/account/cards/update" style="background:#f0c14b;padding:8px 16px;color:#111">お支払い方法を更新する</a></p>""")
    return Case("amazon_jp_lookalike_sender", AMAZON_JP, "Amazon.co.jp: お支払い方法の更新が必要です",
                [Part(text), Part(html, "html")],
                phish("amazon", "payment_problem_lure", ["brand.lookalike_sender|brand.sender_mismatch"],
                      "Sent and DKIM/SPF/DMARC-authenticated as amaz0n-co-jp.example, a digit-for-letter lookalike of amazon.co.jp.",
                      needs=["dkim", "dmarc", "brands", "links"]),
                auth(), sign=[Sign(AMAZ0N_KEY)], from_addr="account-update@amaz0n-co-jp.example",
                ip="203.0.113.66", helo="mail.amaz0n-co-jp.example",
                mail_from="bounce-{id}@amaz0n-co-jp.example", date="Fri, 27 Nov 2026 20:48:33 +0900")


def apple_idn_homograph():
    host = "appleid.\u0430pple.example"  # Cyrillic а: appleid.xn--pple-43d.example
    text = f"""Apple ID

お客様の Apple ID はセキュリティ上の理由によりロックされました。

ご本人確認が完了するまで、App Store、iCloud などのサービスはご利用いただけません。
以下のページから 48 時間以内にご本人確認を行ってください。

https://{host}/verify?session=Qm1hUk

Apple サポート
"""
    html = html_page(f"""<p style="color:#666">Apple ID</p>
<h2>お客様の Apple ID はロックされました</h2>
<p>ご本人確認が完了するまで、App Store、iCloud などのサービスはご利用いただけません。以下のページから 48 時間以内にご本人確認を行ってください。</p>
<p><a href="https://{host}/verify?session=Qm1hUk">今すぐ確認する</a></p>
<p>Apple サポート</p>""")
    return Case("apple_idn_homograph", APPLE, "Apple ID がロックされました",
                [Part(text, cte="base64"), Part(html, "html", cte="base64")],
                phish("apple", "account_locked_lure", ["brand.lookalike_sender"],
                      "From and links on xn--pple-43d.example, a Cyrillic-a homograph of apple; its own Ed25519 DKIM passes, which proves nothing about Apple.",
                      needs=["dkim", "dmarc", "brands", "links"], findings=["link.confusable"]),
                auth(), sign=[Sign(APPLE_IDN_KEY)], from_addr=f"no_reply@{APPLE_IDN}",
                ip="203.0.113.70", helo=f"smtp.{APPLE_IDN}", mail_from=f"bounce-{{id}}@{APPLE_IDN}",
                date="Sat, 28 Nov 2026 02:05:41 +0900")


def amazon_jp_link_text_mismatch():
    text = """Amazon.co.jp

お客様のアカウントで異常なサインインが検出されました。
安全のため、アカウントをロックしました。以下からサインインしてロックを解除してください。

https://www.amazon.co.jp/ap/signin

Amazon.co.jp
"""
    html = html_page("""<p style="font-size:20px">Amazon.co.jp</p>
<p>お客様のアカウントで異常なサインインが検出されました。<br>安全のため、アカウントをロックしました。以下からサインインしてロックを解除してください。</p>
<p><a href="https://signin-amazon-co-jp.example/ap/signin?openid.return_to=unlock">https://www.amazon.co.jp/ap/signin</a></p>
<p>Amazon.co.jp</p>""")
    return Case("amazon_jp_link_text_mismatch", AMAZON_JP, "Amazon.co.jp アカウントがロックされました",
                [Part(text, cte="base64"), Part(html, "html", cte="base64")],
                phish("amazon", "account_locked_lure", ["brand.sender_mismatch"],
                      "The link text shows https://www.amazon.co.jp/ap/signin but the href goes to signin-amazon-co-jp.example; sender is not Amazon's.",
                      findings=["link.display_mismatch"]),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[],
                from_name="Amazon.co.jp", from_addr="no-reply@account-alert.test", ip="203.0.113.25",
                helo="mx.account-alert.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 04:40:00 +0900")


def rakuten_userinfo_trick():
    url = "https://www.rakuten.co.jp@rakuten-secure.example/order/payment?no=2611280093"
    text = f"""楽天市場をご利用いただきありがとうございます。

ご注文いただいた商品のお支払いが、カード会社により承認されませんでした。
お手数ですが、以下のページからお支払い情報を再登録してください。

{url}

48時間以内にお手続きがない場合、ご注文はキャンセルとなります。

楽天市場
"""
    html = html_page(f"""<p>楽天市場をご利用いただきありがとうございます。</p>
<p>ご注文いただいた商品のお支払いが、カード会社により承認されませんでした。<br>お手数ですが、以下のページからお支払い情報を再登録してください。</p>
<p><a href="{url}">{url}</a></p>
<p>48時間以内にお手続きがない場合、ご注文はキャンセルとなります。</p>
<p>楽天市場</p>""")
    return Case("rakuten_userinfo_trick", RAKUTEN, "【楽天市場】お支払い方法の確認のお願い",
                [Part(text, charset="shift_jis", cte="base64"),
                 Part(html, "html", charset="shift_jis", cte="base64")],
                phish("rakuten", "payment_problem_lure", ["brand.sender_mismatch"],
                      "The link starts with www.rakuten.co.jp but that is userinfo: the host is rakuten-secure.example; sender shop-info-center.test is not Rakuten's.",
                      findings=["link.userinfo"]),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[], hcs="shift_jis",
                from_name="楽天市場", from_addr="order@shop-info-center.test", ip="203.0.113.30",
                helo="smtp.shop-info-center.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 05:51:12 +0900")


def sagawa_ip_link():
    text = """佐川急便をご利用いただきありがとうございます。

お荷物をお届けにあがりましたが、宛先不明のため持ち帰りました。
下記よりお届け先の確認と再配達のお手続きをお願いいたします。

http://203.0.113.45/sagawa/redelivery?no=3601

※お手続きがない場合、お荷物は差出人へ返送されます。

佐川急便株式会社
"""
    return Case("sagawa_ip_link", SAGAWA, "【佐川急便】お荷物のお届けについて",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                phish("sagawa", "delivery_problem_lure", ["brand.sender_mismatch"],
                      "Redelivery lure whose link goes to a bare IP address; sender is not Sagawa's.",
                      findings=["link.ip_host"]),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[], hcs="iso-2022-jp",
                from_addr="info@delivery-notice.test", ip="203.0.113.45",
                helo="mail.delivery-notice.test", mail_from="bounce-{id}@mailer.test",
                date="Fri, 27 Nov 2026 18:20:47 +0900")


def japan_post_shortener():
    text = """【日本郵便】

お客様宛てにお荷物のお届けにあがりましたが、住所不備のためお届けできませんでした。

再配達のご依頼は以下からお手続きください。
https://bit.ly/kakunin-corpus-jp07

保管期限：2026年11月30日

日本郵便株式会社
"""
    return Case("japan_post_shortener", JAPAN_POST, "【日本郵便】お荷物のお届けができませんでした",
                [Part(text, cte="base64")],
                phish("japan_post", "delivery_problem_lure", ["brand.sender_mismatch"],
                      "Japan Post delivery lure from a foreign domain, link hidden behind a shortener.",
                      findings=["link.shortener"]),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[],
                from_addr="info@redelivery-center.test", ip="203.0.113.47",
                helo="mail.redelivery-center.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 06:02:18 +0900")


def smbc_password_form():
    text = """【三井住友銀行】お取引を一時的に制限しております

お客さまの口座で不正な取引の可能性が検知されたため、お取引を一時的に制限しております。
このメールに表示されるフォームから、ログイン情報を入力して制限を解除してください。

三井住友銀行
"""
    html = html_page("""<p><b>【三井住友銀行】お取引を一時的に制限しております</b></p>
<p>お客さまの口座で不正な取引の可能性が検知されたため、お取引を一時的に制限しております。<br>以下にログイン情報を入力して制限を解除してください。</p>
<form action="https://smbc-direct-login.example/auth" method="post">
<p>店番号・口座番号 <input type="text" name="account"></p>
<p>ログインパスワード <input type="password" name="password"></p>
<p><input type="submit" value="制限を解除する"></p>
</form>
<p>三井住友銀行</p>""")
    return Case("smbc_password_form", SMBC, "【三井住友銀行】お取引制限のお知らせ",
                [Part(text, charset="shift_jis", cte="quoted-printable"),
                 Part(html, "html", charset="shift_jis", cte="quoted-printable")],
                phish("smbc", "account_locked_lure", ["brand.sender_mismatch"],
                      "A password form inside the mail posting to smbc-direct-login.example; sender is not SMBC's.",
                      findings=["link.form_password"]),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[], hcs="shift_jis",
                from_addr="security@bank-alert.test", ip="203.0.113.50", helo="mx.bank-alert.test",
                mail_from="bounce-{id}@mailer.test", date="Sat, 28 Nov 2026 07:31:26 +0900")


def paypal_dmarc_spoof():
    text = """Dear Customer,

We couldn't process your last payment because your billing information needs to be confirmed.
To avoid interruption of your PayPal services, please update your billing information within 24
hours:

https://paypal-resolution-center.example/billing/confirm?case=PP-7731-0042

Sincerely,
PayPal
"""
    return Case("paypal_dmarc_spoof", PAYPAL, "Action required: we couldn't process your payment",
                [Part(text, cte="7bit")],
                phish("paypal", "payment_problem_lure", ["dmarc.fail"],
                      "From service@paypal.com, but no DKIM and SPF only for mailer.test: DMARC fails against paypal.com's p=reject.",
                      needs=["spf", "dmarc", "brands", "links"]),
                auth(dkim="none", spf="pass", dmarc="fail"), to=USER_EN, sign=[], ip="203.0.113.33",
                helo="smtp33.mailer.test", mail_from="bounce-{id}@mailer.test",
                date="Fri, 27 Nov 2026 11:15:40 -0800")


def amazon_jp_forged_dkim_body_altered():
    text = """山田 花子 様

Amazonプライム会費のお支払いに問題があります。

ご登録のお支払い方法でAmazonプライム会費のお支払いができませんでした。
お支払い方法を更新してください。

お支払い方法を更新する:
https://www.amazon.co.jp/gp/css/account/cards/view.html

Amazon.co.jp
"""

    def alter(mail):
        mail.body = mail.body.replace(b"https://www.amazon.co.jp/gp/css/account/cards/view.html",
                                      b"https://amazon-co-jp.payment-update.example/cards")

    return Case("amazon_jp_forged_dkim_body_altered", AMAZON_JP,
                "Amazonプライム会費のお支払い方法に問題があります",
                [Part(text, cte="8bit")],
                phish("amazon", "payment_problem_lure", ["dmarc.fail"],
                      "A genuine amazon.co.jp signature over a body that was changed afterwards (link replaced): DKIM fails, SPF fails from the attacker's IP, DMARC fails.",
                      needs=["dkim", "spf", "dmarc", "brands", "links"]),
                auth(dkim="fail", spf="fail", dmarc="fail"), tamper=alter, ip="203.0.113.40",
                helo="relay40.mailer.test", date="Sat, 28 Nov 2026 05:10:10 +0900")


def mufg_forged_signature():
    text = """山田 花子 様

いつも三菱UFJ銀行をご利用いただき、ありがとうございます。

お客さまの口座に対し、第三者による不正利用の可能性を検知したため、ご利用を一部制限しております。
制限を解除するには、以下よりご本人確認をお願いいたします。

https://mufg-kakunin.example/direct/login

株式会社三菱UFJ銀行
"""
    return Case("mufg_forged_signature", MUFG, "【三菱UFJ銀行】ご利用制限のお知らせ",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                phish("mufg", "account_locked_lure", ["dmarc.fail"],
                      "Claims d=mufg.jp s=kakunin-test1 but was signed with another key: DKIM fails, SPF fails, DMARC p=reject fails.",
                      needs=["dkim", "spf", "dmarc", "brands", "links"]),
                auth(dkim="fail", spf="fail", dmarc="fail"), hcs="iso-2022-jp",
                sign=[Sign(FORGER_KEY, as_domain="mufg.jp", as_selector="kakunin-test1")],
                ip="203.0.113.51", helo="mx01-bk-mufg.mailer.test",
                date="Sat, 28 Nov 2026 06:44:09 +0900")


def amazon_jp_forged_authres():
    text = """Amazon.co.jp をご利用いただきありがとうございます。

お客様のアカウントに第三者からのアクセスがあった可能性があるため、アカウントを保留にしました。
以下のリンクからサインインし、ご本人確認を完了してください。

https://amazon-co-jp-hold.example/ap/signin

Amazon.co.jp
"""
    forged = ("Authentication-Results: mx.example.net;\r\n"
              "\tdkim=pass header.d=amazon.co.jp header.s=kakunin-test1;\r\n"
              "\tspf=pass smtp.mailfrom=bounces.amazon.co.jp;\r\n"
              "\tdmarc=pass (p=REJECT) header.from=amazon.co.jp")
    return Case("amazon_jp_forged_authres", AMAZON_JP, "Amazon.co.jp: アカウントを保留にしました",
                [Part(text)],
                phish("amazon", "account_locked_lure", ["dmarc.fail"],
                      "Spoofed amazon.co.jp; the dmarc=pass stamp with the trusted id sits below the provider's Received, so the sender wrote it.",
                      needs=["spf", "dmarc", "authres", "brands"], findings=["authres.forged"]),
                auth(dkim="none", spf="fail", dmarc="fail"), sign=[], extra=[forged],
                ip="203.0.113.77", helo="mail77.mailer.test", date="Sat, 28 Nov 2026 02:37:55 +0900")


def apple_forged_arc():
    text = """Dear Customer,

Your Apple Account has been locked for security reasons.

To unlock your account, verify your identity within 24 hours:
https://apple-account-unlock.example/verify?id=AP-55821

If you do not verify your account, it will be permanently disabled.

Apple Support
"""
    claim = ["dkim=pass header.d=email.apple.com", "spf=pass smtp.mailfrom=email.apple.com",
             "dmarc=pass header.from=email.apple.com"]
    return Case("apple_forged_arc", APPLE, "Your Apple Account has been locked",
                [Part(text, cte="7bit")],
                Expect("phishing", "apple", "account_locked_lure", None, ["dmarc.fail"],
                       ["spf", "dmarc", "arc", "brands", "links"],
                       "Spoofed email.apple.com relayed through arc-relay.example, whose ARC set claims dmarc=pass: the chain is valid but its sealer is not trusted."),
                auth(dkim="none", spf="pass", dmarc="fail", arc="pass"), to=USER_EN, sign=[],
                forward=Forward(change=lambda m: None, sealer_key=ARC_RELAY_KEY,
                                srv_id="arc-relay.example", ip="203.0.113.90",
                                helo="relay.arc-relay.example", claim=claim,
                                deliver_to=USER_EN[1]),
                ip="203.0.113.91", helo="203-0-113-91.mailer.test",
                mail_from="bounce-{id}@arc-relay.example", date="Fri, 27 Nov 2026 16:03:12 -0800")


def docomo_prize_lure():
    text = """dポイントクラブ会員様

いつもdポイントをご利用いただきありがとうございます。

このたび、年末大感謝キャンペーンの抽選で、お客様に10,000ポイントが当選しました。
ポイントの受け取りには、12月3日までに以下のページからお手続きが必要です。

https://d-point-present.example/campaign/receive?no=10000

dポイントクラブ事務局
"""
    return Case("docomo_prize_lure", DOCOMO, "【dポイント】10,000ポイント当選のお知らせ",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                phish("docomo", "prize_lure", ["brand.sender_mismatch"],
                      "d POINT prize lure from present-campaign.test, a domain that is not docomo's."),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[], hcs="iso-2022-jp",
                from_name="dポイントクラブ", from_addr="campaign@present-campaign.test",
                ip="203.0.113.60", helo="mail.present-campaign.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 09:00:00 +0900")


def softbank_decimal_ip_link():
    text = """【SoftBank】不正アクセスを検知しました

お客様のMy SoftBankアカウントに海外から不正なアクセスがありました。
ご本人確認が完了するまで、一部のサービスを停止しております。

本人確認はこちら：
http://3405803786/softbank/mysoftbank/login

ソフトバンク株式会社
"""
    return Case("softbank_decimal_ip_link", SOFTBANK, "【SoftBank】ご利用停止のお知らせ",
                [Part(text)],
                phish("softbank", "account_locked_lure", ["brand.sender_mismatch"],
                      "The link's host 3405803786 is the IP 203.0.113.10 in decimal form; sender is not SoftBank's.",
                      findings=["link.ip_host"]),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[],
                from_name="SoftBank", from_addr="noreply@security-notice.test", ip="203.0.113.10",
                helo="mail.security-notice.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 01:22:36 +0900")


def etax_unpaid_tax():
    text = """【国税庁】未納税金のお知らせ（最終催告）

あなたの所得税（令和7年分）について、納付期限を過ぎても納付が確認できておりません。
本日中に以下のページから納付手続きを行ってください。

https://e-tax-nta-go-jp.example/nouzei/payment

期限までに納付がない場合、財産の差押え処分を行います。

国税庁 徴収部
"""
    return Case("etax_unpaid_tax", ETAX, "【国税庁】未納税金のお知らせ（最終催告）",
                [Part(text, charset="shift_jis", cte="8bit")],
                phish("etax", "payment_problem_lure", ["brand.sender_mismatch"],
                      "Unpaid-tax lure in Shift_JIS from tax-notice.test, not nta.go.jp; link off e-Tax."),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[], hcs="iso-2022-jp",
                from_name="国税庁", from_addr="info@tax-notice.test", ip="203.0.113.61",
                helo="mail.tax-notice.test", mail_from="bounce-{id}@mailer.test",
                date="Fri, 27 Nov 2026 15:30:00 +0900")


def line_display_mismatch():
    text = """LINEをご利用いただきありがとうございます。

お客様のLINEアカウントは、利用規約に違反する可能性がある操作が検出されたため、利用が制限されました。
24時間以内に本人確認を行わない場合、アカウントは削除されます。

本人確認：https://line.me/ja/

LINE株式会社
"""
    html = html_page("""<p>LINEをご利用いただきありがとうございます。</p>
<p>お客様のLINEアカウントは、利用規約に違反する可能性がある操作が検出されたため、利用が制限されました。<br>24時間以内に本人確認を行わない場合、アカウントは削除されます。</p>
<p>本人確認：<a href="https://line-me-verify.example/login?lang=ja">https://line.me/ja/</a></p>
<p>LINE株式会社</p>""")
    return Case("line_display_mismatch", LINE, "【LINE】アカウントの利用が制限されました",
                [Part(text), Part(html, "html")],
                phish("line", "account_locked_lure", ["brand.sender_mismatch"],
                      "Link text https://line.me/ja/ over an href to line-me-verify.example; sender support-center.test is not LINE's.",
                      findings=["link.display_mismatch"]),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[],
                from_name="LINE", from_addr="security@support-center.test", ip="203.0.113.62",
                helo="mail.support-center.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 00:45:19 +0900")


def microsoft_data_link():
    text = """Microsoft account

Unusual sign-in activity

We detected something unusual about a recent sign-in to the Microsoft account al*****@example.net.

Sign-in details
Country/region: Russia/Moscow
IP address: 203.0.113.200
Date: 11/27/2026 10:14 PM (GMT)

Please go to your recent activity page to let us know whether or not this was you.

Thanks,
The Microsoft account team
"""
    html = html_page("""<p style="font-size:17px;color:#707070">Microsoft account</p>
<p style="font-size:41px;color:#2672ec">Unusual sign-in activity</p>
<p>We detected something unusual about a recent sign-in to the Microsoft account al*****@example.net.</p>
<p>Country/region: Russia/Moscow<br>IP address: 203.0.113.200<br>Date: 11/27/2026 10:14 PM (GMT)</p>
<p>Please go to your recent activity page to let us know whether or not this was you.</p>
<p><a href="data:text/html;base64,PGgxPk1pY3Jvc29mdCBhY2NvdW50PC9oMT48Zm9ybSBhY3Rpb249Imh0dHBzOi8vbXMtbG9naW4uZXhhbXBsZS8iPjwvZm9ybT4=" style="background:#2672ec;color:#fff;padding:6px 20px">Review recent activity</a></p>
<p>Thanks,<br>The Microsoft account team</p>""", "en")
    return Case("microsoft_data_link", MICROSOFT, "Microsoft account unusual sign-in activity",
                [Part(text), Part(html, "html")],
                phish("microsoft", "sign_in_alert", ["brand.sender_mismatch"],
                      "Fake unusual-sign-in alert whose button is a data: URL; sender account-security.test is not Microsoft's.",
                      findings=["link.non_http"]),
                auth(dkim="none", spf="pass", dmarc="none"), to=USER_EN, sign=[],
                from_addr="no-reply@account-security.test", ip="203.0.113.63",
                helo="mail.account-security.test", mail_from="bounce-{id}@mailer.test",
                date="Fri, 27 Nov 2026 22:30:05 +0000")


def mercari_payment_lure():
    text = """メルカリをご利用いただきありがとうございます。

お客様のアカウントに登録されているお支払い方法に問題が発生しました。
引き続きメルカリをご利用いただくには、お支払い情報を更新してください。

https://mercari-account-update.example/jp/payment

更新されない場合、出品・購入機能が制限されます。

メルカリ事務局
"""
    return Case("mercari_payment_lure", MERCARI, "【メルカリ】お支払い方法の確認が必要です",
                [Part(text, charset="shift_jis", cte="8bit")],
                phish("mercari", "payment_problem_lure", ["brand.sender_mismatch"],
                      "Mercari payment lure from mail-notice.test, not mercari.jp; link off Mercari."),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[], hcs="shift_jis",
                from_addr="no-reply@mail-notice.test", ip="203.0.113.64", helo="mail-notice.test",
                mail_from="bounce-{id}@mailer.test", date="Sat, 28 Nov 2026 08:08:08 +0900")


def au_brand_subdomain_link():
    text = """au PAYをご利用いただきありがとうございます。

ご利用料金のお支払いが確認できませんでした。
au IDにログインし、お支払い方法をご確認ください。

https://id.auone.jp.account-verify.example/login

お手続きいただけない場合、au PAY のご利用を停止させていただきます。

KDDI株式会社
"""
    return Case("au_brand_subdomain_link", AU, "【au PAY】ご利用料金のお支払いについて",
                [Part(text, cte="base64")],
                phish("au", "payment_problem_lure", ["brand.sender_mismatch"],
                      "au payment lure from pay-info.test whose link puts id.auone.jp in front of account-verify.example."),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[],
                from_name="au PAY", from_addr="info@pay-info.test", ip="203.0.113.65",
                helo="mail.pay-info.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 10:10:10 +0900")


def amazon_com_prize_lure():
    text = """Dear Amazon Customer,

Congratulations! You have been selected to receive a $500 Amazon Gift Card as part of our
Customer Appreciation Program.

To claim your reward, complete a short 30-second survey before November 30, 2026:
https://amazon-rewards-survey.example/claim?ref=AMZ-500

Only 3 rewards remain. Unclaimed rewards will be given to other customers.

Amazon Rewards Team
"""
    return Case("amazon_com_prize_lure", AMAZON_JP, "Congratulations! Your $500 Amazon Gift Card is waiting",
                [Part(text, charset="us-ascii", cte="7bit")],
                phish("amazon", "prize_lure", ["brand.sender_mismatch"],
                      "Gift-card prize lure from survey-prize.test with an Amazon display name and subject."),
                auth(dkim="none", spf="pass", dmarc="none"), to=USER_EN, sign=[],
                from_name="Amazon Rewards", from_addr="rewards@survey-prize.test", ip="203.0.113.67",
                helo="mail.survey-prize.test", mail_from="bounce-{id}@mailer.test",
                date="Fri, 27 Nov 2026 10:12:00 -0500")


def rakuten_points_prize_lure():
    text = """楽天会員 各位

いつも楽天をご利用いただきありがとうございます。

年末感謝祭の抽選の結果、お客様に楽天ポイント50,000ポイントが当選いたしました。
ポイントの付与には、以下のページから会員情報のご確認が必要です。

https://rakuten-point-gift.example/entry?campaign=2026winter

受付期限：2026年11月30日 23:59

楽天ポイントクラブ事務局
"""
    return Case("rakuten_points_prize_lure", RAKUTEN, "【楽天ポイント】50,000ポイント当選のお知らせ",
                [Part(text, charset="euc-jp", cte="quoted-printable")],
                phish("rakuten", "prize_lure", ["brand.sender_mismatch"],
                      "EUC-JP quoted-printable points-prize lure from point-club.test, not Rakuten's domain."),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[], hcs="iso-2022-jp",
                from_name="楽天ポイントクラブ", from_addr="info@point-club.test", ip="203.0.113.68",
                helo="mail.point-club.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 11:11:11 +0900")


def yahoo_japan_id_suspended():
    text = """Yahoo! JAPAN IDをご利用いただきありがとうございます。

お客様のYahoo! JAPAN IDで不正なログインの可能性が確認されたため、IDを一時的に利用停止しました。
以下のページからログインし、ご本人確認を行ってください。

https://login.yahoo.co.jp/

ご本人確認が72時間以内に完了しない場合、IDは削除されます。

Yahoo! JAPAN
"""
    html = html_page("""<p>Yahoo! JAPAN IDをご利用いただきありがとうございます。</p>
<p>お客様のYahoo! JAPAN IDで不正なログインの可能性が確認されたため、IDを一時的に利用停止しました。<br>以下のページからログインし、ご本人確認を行ってください。</p>
<p><a href="https://login-yahoo-co-jp.example/config/login?.src=ym">https://login.yahoo.co.jp/</a></p>
<p>ご本人確認が72時間以内に完了しない場合、IDは削除されます。</p>
<p>Yahoo! JAPAN</p>""")
    return Case("yahoo_japan_id_suspended", YAHOO_JP, "【Yahoo! JAPAN】IDの一時利用停止のお知らせ",
                [Part(text, charset="iso-2022-jp", cte="7bit"),
                 Part(html, "html", charset="iso-2022-jp", cte="base64")],
                phish("yahoo_japan", "account_locked_lure", ["brand.sender_mismatch"],
                      "ID-suspension lure from account-center.test; the link shows https://login.yahoo.co.jp/ but goes to login-yahoo-co-jp.example.",
                      findings=["link.display_mismatch"]),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[], hcs="iso-2022-jp",
                from_addr="id-support@account-center.test", ip="203.0.113.69",
                helo="mail.account-center.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 04:04:04 +0900")


def yamato_redelivery_lure():
    text = """ヤマト運輸です。

お荷物をお届けにあがりましたが、ご不在のため持ち帰りました。
再配達のご依頼は、以下より48時間以内にお手続きください。

https://kuronekoyamato-co-jp.example/redelivery?no=4321-0987

保管期限を過ぎたお荷物は差出人に返送されます。

ヤマト運輸株式会社
"""
    return Case("yamato_redelivery_lure", YAMATO, "【ヤマト運輸】お荷物お届けのお知らせ（ご不在）",
                [Part(text, charset="shift_jis", cte="base64")],
                phish("yamato", "delivery_problem_lure", ["brand.sender_mismatch"],
                      "Missed-delivery lure from redelivery-notice.test with a link that puts kuronekoyamato in someone else's domain."),
                auth(dkim="none", spf="pass", dmarc="none"), sign=[], hcs="shift_jis",
                from_addr="info@redelivery-notice.test", ip="203.0.113.71",
                helo="mail.redelivery-notice.test", mail_from="bounce-{id}@mailer.test",
                date="Sat, 28 Nov 2026 10:20:30 +0900")


# --- The brand's own, authenticated mail carrying deceptive links (table row 4) --------------
def paypal_request_injected_link():
    text = """Example Electronics sent you a request for $389.00 USD

Note from Example Electronics:
"Your account was charged $389.00 for a MacBook order. If you did not authorize this payment,
cancel it within 24 hours at https://www.paypal.com/disputes/"

Pay now: https://www.paypal.com/myaccount/transfer/requests

Thanks,
PayPal
"""
    html = html_page("""<h2>Example Electronics sent you a request for $389.00 USD</h2>
<p><b>Note from Example Electronics:</b><br>
"Your account was charged $389.00 for a MacBook order. If you did not authorize this payment, cancel it within 24 hours at <a href="https://paypal-dispute-desk.example/cancel?ref=PP-389">https://www.paypal.com/disputes/</a>"</p>
<p><a href="https://www.paypal.com/myaccount/transfer/requests" style="background:#0070ba;color:#fff;padding:8px 20px">Pay Now</a></p>
<p>Thanks,<br>PayPal</p>""", "en")
    return Case("paypal_request_injected_link", PAYPAL,
                "Example Electronics sent you a request for $389.00 USD",
                [Part(text), Part(html, "html")],
                phish("paypal", "payment_problem_lure", ["link.display_mismatch"],
                      "Genuinely sent and signed by paypal.com, but the requester's note shows https://www.paypal.com/disputes/ over a link to paypal-dispute-desk.example (row 4).",
                      needs=["dkim", "dmarc", "brands", "links"]),
                auth(), to=USER_EN, date="Fri, 27 Nov 2026 19:41:12 -0800")


def google_drive_share_ip_link():
    text = """山本 健二 さんが次のファイルを共有しました:

請求書_2026-11.pdf

山本 健二 さんからのメッセージ:
「11月分の請求書が未払いになっています。こちらから内容を確認してお支払いください http://203.0.113.88/invoice/2026-11 」

開く: https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/view?usp=sharing

Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA
このメールは、山本 健二 さんがあなたとアイテムを共有したためお送りしています。
"""
    html = html_page("""<p>山本 健二 さんが次のファイルを共有しました:</p>
<p><a href="https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/view?usp=sharing_eip">請求書_2026-11.pdf</a></p>
<p style="background:#f1f3f4;padding:12px">「11月分の請求書が未払いになっています。こちらから内容を確認してお支払いください <a href="http://203.0.113.88/invoice/2026-11">http://203.0.113.88/invoice/2026-11</a> 」</p>
<p><a href="https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/view?usp=sharing_eip" style="background:#1a73e8;color:#fff;padding:8px 20px">開く</a></p>
<p style="font-size:11px;color:#5f6368">Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA<br>このメールは、山本 健二 さんがあなたとアイテムを共有したためお送りしています。</p>""")
    return Case("google_drive_share_ip_link", GOOGLE_DRIVE, "共有アイテム: 「請求書_2026-11.pdf」",
                [Part(text), Part(html, "html")],
                phish("google", "payment_problem_lure", ["link.ip_host"],
                      "A genuine google.com share notification (DKIM and DMARC pass) whose sharer's message carries a link to a bare IP address (row 4).",
                      needs=["dkim", "dmarc", "brands", "links"]),
                auth(), date="Sat, 28 Nov 2026 09:33:47 +0900",
                extra=["Reply-To: =?UTF-8?B?5bGx5pysIOWBpeS6jA==?= <kenji.yamamoto@example.org>"])


def cases():
    return [amazon_jp_display_name_spoof(), amazon_jp_lookalike_sender(), apple_idn_homograph(),
            amazon_jp_link_text_mismatch(), rakuten_userinfo_trick(), sagawa_ip_link(),
            japan_post_shortener(), smbc_password_form(), paypal_dmarc_spoof(),
            amazon_jp_forged_dkim_body_altered(), mufg_forged_signature(),
            amazon_jp_forged_authres(), apple_forged_arc(), docomo_prize_lure(),
            softbank_decimal_ip_link(), etax_unpaid_tax(), line_display_mismatch(),
            microsoft_data_link(), mercari_payment_lure(), au_brand_subdomain_link(),
            amazon_com_prize_lure(), rakuten_points_prize_lure(), yahoo_japan_id_suspended(),
            yamato_redelivery_lure(),
            paypal_request_injected_link(), google_drive_share_ip_link()]
