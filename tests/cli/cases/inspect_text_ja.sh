"$KAKUNIN" inspect --lang ja examples/amazon-security-code.eml
