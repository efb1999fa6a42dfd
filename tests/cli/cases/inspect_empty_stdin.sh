printf "" | "$KAKUNIN" inspect -
