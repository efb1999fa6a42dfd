"$KAKUNIN" inspect --offline examples
