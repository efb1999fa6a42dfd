printf "just some text\nnot a message\n" | "$KAKUNIN" inspect --offline -
