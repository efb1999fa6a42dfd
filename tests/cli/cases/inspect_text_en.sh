"$KAKUNIN" inspect examples/phishing-amazon.eml
