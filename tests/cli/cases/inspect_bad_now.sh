"$KAKUNIN" inspect --now yesterday examples/newsletter.eml
