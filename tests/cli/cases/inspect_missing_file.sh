"$KAKUNIN" inspect does-not-exist.eml
