# kakunin links over the bundled phishing example: brand name in front of another domain, link
# text showing amazon.co.jp, and a Cyrillic lookalike.
"$KAKUNIN" links examples/phishing-amazon.eml
