# kakunin url: userinfo over a hex/octal IPv4 with a port, a script link, a shortener, a relative
# link resolved against --base, and a www. address without a scheme.
"$KAKUNIN" url 'https://www.amazon.co.jp@0xC0.0250.2.7:8080/login' 'javascript:alert(1)' 'https://bit.ly/x'
"$KAKUNIN" url --base 'https://mail.example.com/a/b' '../c?d#e'
"$KAKUNIN" url --lang ja 'www.example.com/login?next=https%3A%2F%2Fevil.example%2F'
