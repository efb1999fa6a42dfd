"$KAKUNIN" inspect --offline --now yesterday examples/newsletter.eml
