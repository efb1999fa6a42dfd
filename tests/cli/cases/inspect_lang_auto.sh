"$KAKUNIN" inspect --dns-zone examples/examples.zone --now 2026-11-28T01:00:00Z examples/amazon-security-code.eml
