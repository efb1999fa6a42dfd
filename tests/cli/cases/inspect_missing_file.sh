"$KAKUNIN" inspect --offline does-not-exist.eml
