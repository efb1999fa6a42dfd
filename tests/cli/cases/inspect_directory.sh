"$KAKUNIN" inspect examples
