printf "" | "$KAKUNIN" inspect --offline -
