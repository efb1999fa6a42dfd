"""Genuine brand mail: authenticated and clean (-> genuine), authenticated but risky
(-> suspicious), and mail whose key is gone (-> genuine only on the trusted provider's stamp)."""

from corpus_cases import (AMAZON_COM, AMAZON_JP, AMAZON_JP_OLD, APPLE, AU, DOCOMO, ETAX, GOOGLE,
                          JAPAN_POST, LINE, MERCARI, MICROSOFT, MUFG, PAYPAL, RAKUTEN, SAGAWA, SMBC,
                          SMBC_OLD, SOFTBANK, YAHOO_JP, YAMATO, YAMATO_OLD, Case, Sign, auth,
                          genuine, html_page, shared_mailbox)
from make_corpus import USER_EN, Expect, Part


def amazon_jp_sign_in_code():
    text = """Amazon.co.jp

お客様のパスワードを知っている人物が、お客様のアカウントにサインインしようとしています。

サインインを完了するには、次のワンタイムパスワード(OTP)を入力してください。

382915

このワンタイムパスワードの有効期限は10分です。このコードは誰にも教えないでください。

このサインインに心当たりがない場合は、サインインを拒否し、パスワードを変更してください。
https://www.amazon.co.jp/a/settings/approval

Amazon.co.jp カスタマーサービスがお客様のパスワードやワンタイムパスワードをお尋ねすることはありません。

このメッセージは配信専用のアドレスから送信されています。
https://www.amazon.co.jp/
"""
    html = html_page("""<p style="font-size:20px">Amazon.co.jp</p>
<p>お客様のパスワードを知っている人物が、お客様のアカウントにサインインしようとしています。</p>
<p>サインインを完了するには、次のワンタイムパスワード(OTP)を入力してください。</p>
<p style="font-size:24px;font-weight:bold">382915</p>
<p>このワンタイムパスワードの有効期限は10分です。このコードは誰にも教えないでください。</p>
<p>このサインインに心当たりがない場合は、<a href="https://www.amazon.co.jp/a/settings/approval">サインインを拒否</a>し、パスワードを変更してください。</p>
<p>Amazon.co.jp カスタマーサービスがお客様のパスワードやワンタイムパスワードをお尋ねすることはありません。</p>
<p><a href="https://www.amazon.co.jp/">Amazon.co.jp</a></p>""")
    return Case("amazon_jp_sign_in_code", AMAZON_JP, "amazon.co.jp: サインインを完了してください",
                [Part(text), Part(html, "html")],
                genuine("amazon", "sign_in_code", "382915",
                        "Aligned DKIM by amazon.co.jp and DMARC pass; the only links are on amazon.co.jp."),
                auth(), date="Sat, 28 Nov 2026 08:41:07 +0900")


def amazon_jp_password_reset():
    text = """Amazonパスワードアシスタンス

Amazon.co.jpのパスワードの再設定がリクエストされました。
認証するには、次のワンタイムパスワード(OTP)を入力してください。

604217

このワンタイムパスワードの有効期限は10分です。

パスワードの再設定をリクエストしていない場合は、このメールを無視してください。
お客様のアカウントのパスワードは変更されません。

Amazon.co.jpでのお買い物をお楽しみください。
https://www.amazon.co.jp/
"""
    return Case("amazon_jp_password_reset", AMAZON_JP, "Amazonパスワードアシスタンス",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                genuine("amazon", "password_reset", "604217",
                        "ISO-2022-JP reset mail signed by amazon.co.jp with Ed25519 and RSA; both pass and DMARC passes."),
                auth(dkim="pass,pass"), hcs="iso-2022-jp",
                sign=[Sign(AMAZON_JP.rsa), Sign(AMAZON_JP.ed)],
                date="Fri, 27 Nov 2026 22:03:51 +0900")


def amazon_com_email_verification():
    text = """Verify your new Amazon account

To verify your email address, please use the following One Time Password (OTP):

519046

Do not share this OTP with anyone. Amazon takes your account security very seriously. Amazon
Customer Service will never ask you to disclose or verify your Amazon password, OTP, credit card,
or banking account number. If you receive a suspicious email with a link to update your account
information, do not click on the link. Instead, report the email to Amazon for investigation.

Thank you for shopping with us! We hope to see you again soon.
"""
    html = html_page("""<h2>Verify your new Amazon account</h2>
<p>To verify your email address, please use the following One Time Password (OTP):</p>
<p style="font-size:24px;font-weight:bold">519046</p>
<p>Do not share this OTP with anyone. Amazon takes your account security very seriously. Amazon Customer Service will never ask you to disclose or verify your Amazon password, OTP, credit card, or banking account number. If you receive a suspicious email with a link to update your account information, do not click on the link. Instead, <a href="https://www.amazon.com/gp/help/customer/display.html?nodeId=GG6JPLVQM72J8ZVA">report the email to Amazon</a> for investigation.</p>
<p>Thank you for shopping with us! We hope to see you again soon.</p>
<p><a href="https://www.amazon.com/">Amazon.com</a></p>""", "en")
    return Case("amazon_com_email_verification", AMAZON_COM, "Verify your new Amazon account",
                [Part(text, cte="7bit"), Part(html, "html", cte="base64")],
                genuine("amazon", "email_verification", "519046",
                        "Signed by amazon.com with Ed25519 only (aligned DKIM pass, DMARC pass); links stay on amazon.com."),
                auth(), to=USER_EN, sign=[Sign(AMAZON_COM.ed)],
                date="Thu, 26 Nov 2026 18:22:10 -0800")


def apple_email_verification():
    text = """Apple Account

メールアドレスを確認してください

このメールアドレスを Apple Account で使用できるようにするため、以下の確認コードを入力してください。

271834

このコードは作成から 3 時間後に有効期限が切れます。

このリクエストにお心当たりがない場合は、このメールを無視してください。他者がお客様のメールアドレスを使用しようとした可能性があります。
Apple Account の詳細: https://account.apple.com/

よろしくお願いいたします。
Apple サポート
https://support.apple.com/ja-jp
"""
    html = html_page("""<p style="font-size:12px;color:#666">Apple Account</p>
<h1 style="font-size:24px">メールアドレスを確認してください</h1>
<p>このメールアドレスを Apple Account で使用できるようにするため、以下の確認コードを入力してください。</p>
<p style="font-size:28px;font-weight:bold;letter-spacing:2px">271834</p>
<p>このコードは作成から 3 時間後に有効期限が切れます。</p>
<p>このリクエストにお心当たりがない場合は、このメールを無視してください。他者がお客様のメールアドレスを使用しようとした可能性があります。<a href="https://account.apple.com/">Apple Account</a></p>
<p>よろしくお願いいたします。<br>Apple サポート</p>
<p style="font-size:11px;color:#888"><a href="https://www.apple.com/jp/legal/privacy/">プライバシーポリシー</a> | <a href="https://support.apple.com/ja-jp">サポート</a></p>""")
    return Case("apple_email_verification", APPLE, "Apple Account のメールアドレスを確認してください",
                [Part(text, cte="base64"), Part(html, "html", cte="base64")],
                genuine("apple", "email_verification", "271834",
                        "Aligned DKIM by email.apple.com (org apple.com) and DMARC pass; links on apple.com."),
                auth(), date="Sat, 28 Nov 2026 10:05:33 +0900")


def google_sign_in_alert():
    text = """A new sign-in on Windows

alex.morgan@example.net

We noticed a new sign-in to your Google Account on a Windows device. If this was you, you don't
need to do anything. If not, we'll help you secure your account.

Check activity
https://accounts.google.com/AccountChooser?Email=alex.morgan@example.net&continue=https://myaccount.google.com/alert/nt/1795836764000?rfn%3D325%26rfnc%3D1

You can also see security activity at
https://myaccount.google.com/notifications

You received this email to let you know about important changes to your Google Account and
services.
(c) 2026 Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA
"""
    html = html_page("""<div style="border:thin solid #dadce0;border-radius:8px;padding:40px 20px">
<div style="font-size:24px">A new sign-in on Windows</div>
<div><a style="color:#3c4043">alex.morgan@example.net</a></div>
<p>We noticed a new sign-in to your Google Account on a Windows device. If this was you, you don't need to do anything. If not, we'll help you secure your account.</p>
<p><a href="https://accounts.google.com/AccountChooser?Email=alex.morgan@example.net&amp;continue=https://myaccount.google.com/alert/nt/1795836764000?rfn%3D325%26rfnc%3D1" style="background:#4184f3;color:#fff;padding:10px 24px;text-decoration:none">Check activity</a></p>
<p>You can also see security activity at<br><a href="https://myaccount.google.com/notifications">https://myaccount.google.com/notifications</a></p>
</div>
<p style="font-size:11px;color:#5f6368">You received this email to let you know about important changes to your Google Account and services.<br>&copy; 2026 Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA</p>""", "en")
    return Case("google_sign_in_alert", GOOGLE, "Security alert",
                [Part(text), Part(html, "html")],
                genuine("google", "sign_in_alert", None,
                        "Aligned DKIM (Ed25519) by accounts.google.com, DMARC pass; the continue= redirect stays on google.com."),
                auth(), to=USER_EN, sign=[Sign(GOOGLE.ed)],
                date="Fri, 27 Nov 2026 23:32:44 GMT")


def microsoft_sign_in_code():
    text = """Microsoft account

Security code

Please use the following security code for the Microsoft account al*****@example.net.

Security code: 4829175

If you don't recognize the Microsoft account al*****@example.net, you can click
https://account.live.com/dp?ft=Ab3xK9mPq2Lw7 to remove your email address from that account.

Thanks,
The Microsoft account team
"""
    html = html_page("""<p style="font-size:17px;color:#707070">Microsoft account</p>
<p style="font-size:41px;color:#2672ec">Security code</p>
<p>Please use the following security code for the Microsoft account <a dir="ltr" style="color:#2672ec;text-decoration:none" href="mailto:al*****@example.net">al*****@example.net</a>.</p>
<p>Security code: <span style="font-weight:bold">4829175</span></p>
<p>If you don't recognize the Microsoft account <a dir="ltr" style="color:#2672ec;text-decoration:none" href="mailto:al*****@example.net">al*****@example.net</a>, you can <a href="https://account.live.com/dp?ft=Ab3xK9mPq2Lw7" style="color:#2672ec">click here</a> to remove your email address from that account.</p>
<p>Thanks,<br>The Microsoft account team</p>""", "en")
    return Case("microsoft_sign_in_code", MICROSOFT, "Microsoft account security code",
                [Part(text), Part(html, "html")],
                genuine("microsoft", "sign_in_code", "4829175",
                        "Aligned DKIM by accountprotection.microsoft.com and DMARC pass; the 7-digit code must be extracted; account.live.com is Microsoft's."),
                auth(), to=USER_EN, date="Sat, 28 Nov 2026 01:17:09 +0000")


def paypal_password_changed():
    text = """Hello, Alex Morgan

Your password was changed

The password for your PayPal account was recently changed. If you made this change, you don't
need to do anything else.

If you didn't change your password, please contact us right away:
https://www.paypal.com/us/smarthelp/contact-us

Thanks,
PayPal

PayPal is committed to preventing fraudulent emails. Emails from PayPal will always contain your
full name. Learn to identify phishing: https://www.paypal.com/us/security/learn-about-fake-messages
"""
    html = html_page("""<p>Hello, Alex Morgan</p>
<h2>Your password was changed</h2>
<p>The password for your PayPal account was recently changed. If you made this change, you don't need to do anything else.</p>
<p>If you didn't change your password, please <a href="https://www.paypal.com/us/smarthelp/contact-us">contact us</a> right away.</p>
<p>Thanks,<br>PayPal</p>
<p style="font-size:11px">PayPal is committed to preventing fraudulent emails. Emails from PayPal will always contain your full name. <a href="https://www.paypal.com/us/security/learn-about-fake-messages">Learn to identify phishing</a></p>""", "en")
    return Case("paypal_password_changed", PAYPAL, "Your password was changed",
                [Part(text), Part(html, "html")],
                genuine("paypal", "account_change", None,
                        "Aligned DKIM by paypal.com and DMARC pass; account-change notice with links on paypal.com."),
                auth(), to=USER_EN, date="Fri, 27 Nov 2026 15:48:02 -0800")


def line_sign_in_alert():
    text = """山田 花子さん

お使いのLINEアカウントに新しい端末からログインがありました。

日時: 2026/11/28 09:25
端末: Windows版LINE

このログインに心当たりがない場合は、LINEアプリの［ホーム］＞［設定］＞［アカウント］から、ログイン中の端末を確認し、パスワードを変更してください。

詳しくはヘルプセンターをご確認ください。
https://help.line.me/line/

このメールは送信専用です。
LINEヤフー株式会社
"""
    return Case("line_sign_in_alert", LINE, "[LINE] 新しい端末からのログインがありました",
                [Part(text, cte="base64")],
                genuine("line", "sign_in_alert", None,
                        "UTF-8 base64 login alert signed by line.me with Ed25519; DMARC pass; link on line.me."),
                auth(), sign=[Sign(LINE.ed)], date="Sat, 28 Nov 2026 09:25:40 +0900")


def rakuten_sign_in_alert():
    text = """楽天会員 山田 花子 様

いつも楽天をご利用いただきありがとうございます。
お客様の楽天会員IDでログインがありましたのでお知らせします。

■ログイン日時：2026年11月28日 07:58
■ご利用環境：iPhone / Safari

お客様ご本人によるログインの場合は、このメールは破棄してください。

お心当たりがない場合は、第三者による不正ログインの可能性があります。
至急パスワードを変更してください。
https://privacy.rakuten.co.jp/

※このメールは送信専用アドレスから送信しています。ご返信いただいてもお答えできません。

楽天グループ株式会社
https://www.rakuten.co.jp/
"""
    return Case("rakuten_sign_in_alert", RAKUTEN, "【楽天】ログインのお知らせ",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                genuine("rakuten", "sign_in_alert", None,
                        "ISO-2022-JP (headers and body) login notice; aligned DKIM by rakuten.co.jp, DMARC pass."),
                auth(), hcs="iso-2022-jp", date="Sat, 28 Nov 2026 07:58:31 +0900")


def yahoo_japan_sign_in_code():
    text = """Yahoo! JAPAN IDをご利用いただきありがとうございます。

ログインのための確認コードをお送りします。
以下の確認コードをログイン画面に入力してください。

確認コード：735102

※確認コードの有効期限は発行から10分間です。
※確認コードは他人に教えないでください。

このメールに心当たりがない場合は、第三者がログインを試みた可能性があります。
パスワードを変更してください。
https://accounts.yahoo.co.jp/

----------------------------------------------------------------
Yahoo! JAPAN
https://www.yahoo.co.jp/
"""
    return Case("yahoo_japan_sign_in_code", YAHOO_JP, "【Yahoo! JAPAN】確認コードのお知らせ",
                [Part(text, charset="euc-jp", cte="8bit")],
                genuine("yahoo_japan", "sign_in_code", "735102",
                        "EUC-JP 8bit body; aligned DKIM by yahoo.co.jp, DMARC pass; code after a full-width colon."),
                auth(), hcs="iso-2022-jp", date="Sat, 28 Nov 2026 11:02:15 +0900")


def mercari_sign_in_code():
    text = """メルカリをご利用いただきありがとうございます。

ログインのための認証番号をお知らせします。

認証番号：480263

有効期限は発行から30分です。
この認証番号は、メルカリ事務局からお電話やメッセージでお尋ねすることはありません。第三者に絶対に教えないでください。

お心当たりのない場合は、お手数ですが下記よりお問い合わせください。
https://help.jp.mercari.com/

メルカリ事務局
"""
    html = html_page("""<p>メルカリをご利用いただきありがとうございます。</p>
<p>ログインのための認証番号をお知らせします。</p>
<p style="font-size:22px">認証番号：<b>480263</b></p>
<p>有効期限は発行から30分です。<br>この認証番号は、メルカリ事務局からお電話やメッセージでお尋ねすることはありません。第三者に絶対に教えないでください。</p>
<p>お心当たりのない場合は、お手数ですが<a href="https://help.jp.mercari.com/">こちら</a>からお問い合わせください。</p>
<p>メルカリ事務局<br><a href="https://jp.mercari.com/">https://jp.mercari.com/</a></p>""")
    return Case("mercari_sign_in_code", MERCARI, "【メルカリ】認証番号のお知らせ",
                [Part(text), Part(html, "html")],
                genuine("mercari", "sign_in_code", "480263",
                        "Signed by mercari.jp with Ed25519 and RSA (both pass), DMARC pass; links on mercari.com, the same brand."),
                auth(dkim="pass,pass"), sign=[Sign(MERCARI.ed), Sign(MERCARI.rsa)],
                date="Sat, 28 Nov 2026 10:44:02 +0900")


def smbc_sign_in_alert():
    text = """山田 花子 様

いつも三井住友銀行をご利用いただき、誠にありがとうございます。

SMBCダイレクトへのログインがありましたので、お知らせいたします。

ログイン日時：2026年11月28日 08時12分
ご利用環境：三井住友銀行アプリ

お客さまご自身によるログインでない場合は、至急、下記までご連絡ください。

三井住友銀行 SMBCダイレクト サポートデスク
https://www.smbc.co.jp/

※本メールは送信専用です。ご返信いただいてもお答えできませんのでご了承ください。
株式会社三井住友銀行
"""
    return Case("smbc_sign_in_alert", SMBC, "【三井住友銀行】ログインのお知らせ",
                [Part(text, charset="shift_jis", cte="quoted-printable")],
                genuine("smbc", "sign_in_alert", None,
                        "Shift_JIS quoted-printable; aligned DKIM by smbc.co.jp, DMARC pass; link on smbc.co.jp."),
                auth(), hcs="shift_jis", date="Sat, 28 Nov 2026 08:12:40 +0900")


def mufg_email_changed():
    text = """山田 花子 様

いつも三菱UFJ銀行をご利用いただき、ありがとうございます。

三菱UFJダイレクトにご登録のメールアドレスが変更されました。

変更日時：2026年11月27日 19時40分

お客さまご自身による変更でない場合は、至急、三菱UFJダイレクト専用ダイヤルまでご連絡ください。
https://www.bk.mufg.jp/

※本メールは送信専用アドレスからお送りしています。

株式会社三菱UFJ銀行
"""
    return Case("mufg_email_changed", MUFG, "【三菱UFJ銀行】メールアドレス変更完了のお知らせ",
                [Part(text, charset="iso-2022-jp", cte="base64")],
                genuine("mufg", "account_change", None,
                        "ISO-2022-JP body in base64; aligned DKIM by mufg.jp (from bk.mufg.jp), DMARC pass."),
                auth(), hcs="iso-2022-jp", date="Fri, 27 Nov 2026 19:40:26 +0900")


def japan_post_delivery_notice():
    text = """日本郵便株式会社です。

以下のゆうパックのお届け予定をお知らせします。

お問い合わせ番号：1234-5678-9012
お届け予定日時：2026年11月29日 午前中
差出人：こもれび珈琲店 様

配達状況は下記からご確認いただけます。
https://trackings.post.japanpost.jp/services/srv/search/?requestNo1=123456789012&locale=ja

お届け日時の変更は、上記ページから承ります。

※このメールは送信専用です。
日本郵便株式会社
"""
    return Case("japan_post_delivery_notice", JAPAN_POST, "【日本郵便】ゆうパックお届け予定のお知らせ",
                [Part(text)],
                genuine("japan_post", "other", None,
                        "Real delivery notice (not a lure): aligned DKIM by japanpost.jp, DMARC pass, tracking link on japanpost.jp."),
                auth(), date="Sat, 28 Nov 2026 06:30:12 +0900")


def yamato_delivery_notice():
    text = """山田 花子 様

ヤマト運輸です。
お荷物のお届け予定をお知らせします。

■伝票番号：4321-0987-6543
■お届け予定日：11月29日(日)
■お届け時間帯：14時～16時
■ご依頼主：こもれび珈琲店 様

お届け日時の変更や、宅配ボックス・置き配の指定は以下から可能です。
https://toi.kuronekoyamato.co.jp/cgi-bin/tneko

※本メールは送信専用です。
ヤマト運輸株式会社
"""
    return Case("yamato_delivery_notice", YAMATO, "【ヤマト運輸】お届け予定eメール",
                [Part(text, charset="shift_jis", cte="8bit")],
                genuine("yamato", "other", None,
                        "Shift_JIS 8bit notice; aligned DKIM by kuronekoyamato.co.jp, DMARC pass; link on the same domain."),
                auth(), hcs="iso-2022-jp", date="Sat, 28 Nov 2026 07:05:55 +0900")


def docomo_security_code():
    text = """dアカウント セキュリティコードのお知らせ

dアカウントのログインに必要なセキュリティコードをお送りします。

セキュリティコード：918273

セキュリティコードの有効期限は10分です。
ご本人による操作でない場合は、第三者がパスワードを知っている可能性があります。パスワードを変更してください。
https://id.smt.docomo.ne.jp/

株式会社NTTドコモ
"""
    html = html_page("""<p><b>dアカウント セキュリティコードのお知らせ</b></p>
<p>dアカウントのログインに必要なセキュリティコードをお送りします。</p>
<p>セキュリティコード：<span style="font-size:20px;font-weight:bold">918273</span></p>
<p>セキュリティコードの有効期限は10分です。<br>ご本人による操作でない場合は、第三者がパスワードを知っている可能性があります。<a href="https://id.smt.docomo.ne.jp/">パスワードを変更</a>してください。</p>
<p>株式会社NTTドコモ</p>""")
    return Case("docomo_security_code", DOCOMO, "【dアカウント】セキュリティコードのお知らせ",
                [Part(text, cte="base64"), Part(html, "html", cte="base64")],
                shared_mailbox("docomo", "sign_in_code", "918273",
                               "UTF-8 base64 multipart; aligned DKIM by docomo.ne.jp, DMARC pass"),
                auth(), date="Sat, 28 Nov 2026 11:20:03 +0900")


def etax_message_box():
    text = """e-Taxをご利用いただきありがとうございます。

メッセージボックスに新しいお知らせが格納されました。
内容の確認は、e-Taxにログインしてメッセージボックスからご確認ください。

e-Taxホームページ
https://www.e-tax.nta.go.jp/

※このメールアドレスは送信専用です。
※メッセージボックスのお知らせの内容は、このメールには記載しておりません。

国税庁
"""
    return Case("etax_message_box", ETAX, "【e-Tax】メッセージボックスへのお知らせ格納のご案内",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                genuine("etax", "other", None,
                        "ISO-2022-JP notice; aligned DKIM by nta.go.jp (From e-tax.nta.go.jp; go.jp is a public suffix), DMARC pass."),
                auth(), hcs="iso-2022-jp", date="Fri, 27 Nov 2026 17:00:04 +0900")


def softbank_email_changed():
    text = """ソフトバンクをご利用いただきありがとうございます。

My SoftBankにご登録の連絡先メールアドレスが変更されました。

変更日時：2026年11月27日 21:14

お客さまご自身で変更されていない場合は、下記より設定をご確認ください。
https://my.softbank.jp/

※このメールは送信専用です。
ソフトバンク株式会社
"""
    return Case("softbank_email_changed", SOFTBANK, "【ソフトバンク】連絡先メールアドレス変更のお知らせ",
                [Part(text)],
                genuine("softbank", "account_change", None,
                        "UTF-8 quoted-printable; aligned DKIM by softbank.jp, DMARC pass; link on softbank.jp."),
                auth(), date="Fri, 27 Nov 2026 21:14:48 +0900")


def sagawa_delivery_notice():
    text = """佐川急便をご利用いただきありがとうございます。

お荷物のお届け予定をお知らせいたします。

お問い合せ送り状No：3601-2345-6789
お届け予定日：2026年11月29日
ご依頼主：こもれび珈琲店 様

お届け日時の変更はこちらから承ります。
https://k2k.sagawa-exp.co.jp/p/sagawa/web/okurijoinput.jsp

※このメールは送信専用です。
佐川急便株式会社
"""
    return Case("sagawa_delivery_notice", SAGAWA, "【佐川急便】お荷物お届けのお知らせ",
                [Part(text, cte="base64")],
                genuine("sagawa", "other", None,
                        "Real delivery notice; aligned DKIM by sagawa-exp.co.jp, DMARC pass; link on sagawa-exp.co.jp."),
                auth(), date="Sat, 28 Nov 2026 07:44:21 +0900")


def au_sign_in_alert():
    text = """au IDをご利用いただきありがとうございます。

お客さまのau IDで、新しい端末からログインがありました。

日時：2026年11月28日 10:31
端末：Android / Chrome

お心当たりがない場合は、パスワードを変更してください。
https://id.auone.jp/

※本メールは送信専用です。
KDDI株式会社
"""
    return Case("au_sign_in_alert", AU, "【au ID】ログインのお知らせ",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                shared_mailbox("au", "sign_in_alert", None,
                               "ISO-2022-JP login notice; aligned DKIM by au.com, DMARC pass; id.auone.jp is au's own login site"),
                auth(), hcs="iso-2022-jp", date="Sat, 28 Nov 2026 10:31:50 +0900")


def microsoft_password_reset():
    text = """Microsoft account

Password reset code

Please use this code to reset the password for the Microsoft account al*****@example.net.

Here is your code: 730614

If you don't recognize the Microsoft account al*****@example.net, you can click
https://account.live.com/dp?ft=Qz8LmW2xYt5Rv to remove your email address from that account.

Thanks,
The Microsoft account team
"""
    return Case("microsoft_password_reset", MICROSOFT, "Microsoft account password reset",
                [Part(text, charset="us-ascii", cte="7bit")],
                genuine("microsoft", "password_reset", "730614",
                        "US-ASCII password reset code mail, aligned DKIM by accountprotection.microsoft.com and DMARC pass."),
                auth(), to=USER_EN, date="Fri, 27 Nov 2026 07:55:21 +0000")


def softbank_spf_only_bill():
    text = """ソフトバンクをご利用いただきありがとうございます。

2026年11月分のご請求金額が確定しました。

ご請求金額：4,378円（税込）
お支払い予定日：2026年12月10日

ご請求内容の詳細は、My SoftBankでご確認いただけます。
https://my.softbank.jp/

※このメールは送信専用です。
ソフトバンク株式会社
"""
    return Case("softbank_spf_only_bill", SOFTBANK, "【ソフトバンク】ご請求金額確定のお知らせ",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                Expect("genuine", "softbank", "other", None, ["dmarc.pass"],
                       ["spf", "dmarc", "links", "brands"],
                       "Not DKIM-signed at all: DMARC passes through SPF alone (softbank.jp's range, aligned Return-Path), read from the trusted provider's Received."),
                auth(dkim="none"), hcs="iso-2022-jp", sign=[],
                date="Sat, 28 Nov 2026 08:00:00 +0900")


def amazon_jp_wishlist_short_link():
    text = """山田 花子 様

鈴木 太郎 様から「ほしい物リスト」が共有されました。

ほしい物リストを見る：
https://amzn.asia/d/kq7Xm2Pz

Amazon.co.jp
https://www.amazon.co.jp/
"""
    return Case("amazon_jp_wishlist_short_link", AMAZON_JP, "鈴木 太郎 様からほしい物リストが共有されました",
                [Part(text)],
                genuine("amazon", "other", None,
                        "Genuine amazon.co.jp mail (DKIM, DMARC pass) whose link uses Amazon's own short-link domain amzn.asia: a brand's shortener is on brand, not a trick."),
                auth(), from_addr="store-news@amazon.co.jp", date="Sat, 28 Nov 2026 11:30:00 +0900")


def rakuten_newsletter_click_links():
    text = """楽天市場 ニュース

【本日限定】ポイント最大10倍キャンペーン開催中！
エントリーはこちら：https://r10.to/hV2kQp

冬のギフト特集
https://event.rakuten.co.jp/gift/winter/

配信停止・メール設定の変更：https://emagazine.rakuten.co.jp/
楽天グループ株式会社
"""
    html = html_page("""<h2>楽天市場 ニュース</h2>
<p><b>【本日限定】ポイント最大10倍キャンペーン開催中！</b><br><a href="https://r10.to/hV2kQp">エントリーはこちら</a></p>
<p><a href="https://event.rakuten.co.jp/gift/winter/">冬のギフト特集</a></p>
<img src="https://image.rakuten.co.jp/mail/header_2026winter.jpg" alt="楽天市場">
<p style="font-size:11px"><a href="https://emagazine.rakuten.co.jp/">配信停止・メール設定の変更</a><br>楽天グループ株式会社</p>""")
    return Case("rakuten_newsletter_click_links", RAKUTEN, "【楽天市場】本日限定！ポイント最大10倍",
                [Part(text, charset="iso-2022-jp", cte="7bit"),
                 Part(html, "html", charset="iso-2022-jp", cte="quoted-printable")],
                genuine("rakuten", "other", None,
                        "A genuine Rakuten newsletter (must not be flagged): aligned DKIM and DMARC pass, click links on Rakuten's own r10.to and rakuten.co.jp."),
                auth(), hcs="iso-2022-jp", from_name="楽天市場", from_addr="ichiba-news@mail.rakuten.co.jp",
                extra=["List-Unsubscribe: <https://emagazine.rakuten.co.jp/>"],
                date="Sat, 28 Nov 2026 07:00:00 +0900")


# --- Authenticated but risky -> suspicious --------------------------------------------------
def amazon_jp_body_length_appended():
    text = """山田 花子 様

Amazon.co.jpをご利用いただき、ありがとうございます。
お客様の商品を発送しましたのでお知らせいたします。

注文番号：250-1234567-8901234
お届け予定：11月30日(月)

配送状況の確認：
https://www.amazon.co.jp/gp/your-account/order-history

Amazon.co.jpでのお買い物をお楽しみください。
Amazon.co.jp
"""

    def append(mail):
        mail.body += ("\r\n---\r\n今週のおすすめセール情報はこちら：\r\n"
                      "https://deals-partner.example/jp/weekly?src=amazon-mail\r\n").encode("utf-8")

    return Case("amazon_jp_body_length_appended", AMAZON_JP, "Amazon.co.jp ご注文の商品を発送しました",
                [Part(text, cte="8bit")],
                Expect("suspicious", "amazon", "other", None,
                       ["dkim.body_length_limited"], ["dkim", "dmarc", "links", "brands"],
                       "DKIM with l= still passes, but a line and an off-brand link were added after the signed length."),
                auth(), sign=[Sign(AMAZON_JP.rsa, length=True)],
                tamper=append, date="Fri, 27 Nov 2026 13:10:09 +0900")


def paypal_from_injected():
    text = """Hello, Alex Morgan

You sent a payment of $24.99 USD to Example Books.

Transaction ID: 4HX27718MA1234567
Transaction date: November 27, 2026

View the details of this transaction in your account:
https://www.paypal.com/myaccount/transactions/

Thanks,
PayPal
"""

    def inject(mail):
        mail.prepend('From: "PayPal Security" <security@paypal.com>')

    return Case("paypal_from_injected", PAYPAL, "Receipt for your payment to Example Books",
                [Part(text, cte="7bit")],
                Expect("suspicious", "paypal", "other", None,
                       ["dkim.header_injection"], ["dkim", "dmarc", "brands"],
                       "The signature covers one From but the message carries two: a From was added after signing."),
                auth(dkim="pass+unsigned-from"), to=USER_EN, sign=[Sign(PAYPAL.rsa, oversign=False)],
                tamper=inject,
                date="Fri, 27 Nov 2026 09:02:30 -0800")


# --- Old mail: key rotated away, the provider's stamp decides -------------------------------
OLD_AMAZON_AR = ("dkim=pass header.d=amazon.co.jp header.s=kakunin-2024a header.b=Tq0cXb2m;\r\n"
                 "\tspf=pass (mx.example.net: domain of bounces.amazon.co.jp designates 198.51.100.9 "
                 "as permitted sender) smtp.mailfrom=bounces.amazon.co.jp;\r\n"
                 "\tdmarc=pass (p=REJECT sp=REJECT) header.from=amazon.co.jp")


def _amazon_old(name, trust, expect):
    text = """山田 花子 様

Amazon.co.jpをご利用いただき、ありがとうございます。

お客様のアカウントのメールアドレスが変更されました。

変更内容：メールアドレス
変更日時：2025年3月14日

この変更に心当たりがない場合は、直ちにパスワードを変更し、カスタマーサービスにお問い合わせください。
https://www.amazon.co.jp/gp/help/customer/contact-us

Amazon.co.jp
"""
    return Case(name, AMAZON_JP, "Amazon.co.jp: アカウント情報の変更",
                [Part(text, charset="iso-2022-jp", cte="7bit")], expect,
                auth(dkim="permerror", spf="fail", dmarc="fail"), hcs="iso-2022-jp",
                sign=[Sign(AMAZON_JP_OLD)], provider_ar=OLD_AMAZON_AR, ip="198.51.100.9",
                helo="a9-3.smtp-out.amazon.co.jp", date="Fri, 14 Mar 2025 16:20:11 +0900",
                msgid="0101019590aabbcc-old-account-change@amazon.co.jp")


def amazon_jp_old_trusted_stamp():
    return _amazon_old("amazon_jp_old_trusted_stamp", True,
                       Expect("genuine", "amazon", "account_change", None, ["authres.trusted"],
                              ["dkim", "authres", "brands", "links"],
                              "Key kakunin-2024a is no longer published and today's SPF no longer lists the old IP, but the trusted provider's delivery-time stamp says dmarc=pass."))


def amazon_jp_old_untrusted():
    return _amazon_old("amazon_jp_old_untrusted", False,
                       Expect("unknown", "amazon", "account_change", None, ["dkim.permerror"],
                              ["dkim", "authres", "brands"],
                              "Same mail without --trust-authserv: the key is gone and the provider's stamp is not believed, so nothing can be verified.",
                              trust=[]))


def smbc_old_trusted_stamp():
    text = """山田 花子 様

いつも三井住友銀行をご利用いただき、誠にありがとうございます。

お客さまのご登録メールアドレスの変更を承りました。

変更日時：2023年6月2日 14時05分

お心当たりのない場合は、SMBCダイレクト サポートデスクまでご連絡ください。
https://www.smbc.co.jp/

株式会社三井住友銀行
"""
    ar = ("dkim=pass header.d=smbc.co.jp header.s=kakunin-2023 header.b=Zr7mKq1P;\r\n"
          "\tspf=pass smtp.mailfrom=dn.smbc.co.jp;\r\n\tdmarc=pass header.from=dn.smbc.co.jp")
    return Case("smbc_old_trusted_stamp", SMBC, "【三井住友銀行】メールアドレス変更受付のお知らせ",
                [Part(text, charset="iso-2022-jp", cte="7bit")],
                Expect("genuine", "smbc", "account_change", None, ["authres.trusted"],
                       ["dkim", "authres", "brands", "links"],
                       "2023 mail whose key was rotated away; the provider's Authentication-Results at the top (above its own Received) says dmarc=pass."),
                auth(dkim="permerror", spf="fail", dmarc="fail"), hcs="iso-2022-jp",
                sign=[Sign(SMBC_OLD)], provider_ar=ar, ip="198.51.100.3", helo="mail1.dn.smbc.co.jp",
                date="Fri, 02 Jun 2023 14:05:19 +0900")


def yamato_key_missing():
    text = """山田 花子 様

ヤマト運輸です。
お荷物のお届け予定をお知らせします。

■伝票番号：4321-0987-1122
■お届け予定日：11月30日(月)
■お届け時間帯：午前中

お届け日時の変更は以下から可能です。
https://toi.kuronekoyamato.co.jp/cgi-bin/tneko

※本メールは送信専用です。
ヤマト運輸株式会社
"""
    return Case("yamato_key_missing", YAMATO, "【ヤマト運輸】お届け予定eメール",
                [Part(text, charset="shift_jis", cte="base64")],
                Expect("unknown", "yamato", "other", None, ["dkim.permerror"],
                       ["dkim", "brands", "links"],
                       "Genuine-looking Yamato mail whose DKIM key (kakunin-2025a) is not published and no trusted stamp: nothing can be verified.",
                       trust=[]),
                auth(dkim="permerror"), hcs="iso-2022-jp", sign=[Sign(YAMATO_OLD)],
                date="Sat, 28 Nov 2026 06:58:02 +0900")


def cases():
    return [amazon_jp_sign_in_code(), amazon_jp_password_reset(), amazon_com_email_verification(),
            apple_email_verification(), google_sign_in_alert(), microsoft_sign_in_code(),
            paypal_password_changed(), line_sign_in_alert(), rakuten_sign_in_alert(),
            yahoo_japan_sign_in_code(), mercari_sign_in_code(), smbc_sign_in_alert(),
            mufg_email_changed(), japan_post_delivery_notice(), yamato_delivery_notice(),
            docomo_security_code(), etax_message_box(), softbank_email_changed(),
            sagawa_delivery_notice(), au_sign_in_alert(), microsoft_password_reset(),
            softbank_spf_only_bill(), amazon_jp_wishlist_short_link(), rakuten_newsletter_click_links(),
            amazon_jp_body_length_appended(), paypal_from_injected(),
            amazon_jp_old_trusted_stamp(), amazon_jp_old_untrusted(), smbc_old_trusted_stamp(),
            yamato_key_missing()]
