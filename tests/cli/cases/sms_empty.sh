# An empty message is bad input: one line on stderr, exit 2.
printf '\n' | "$KAKUNIN" sms -
