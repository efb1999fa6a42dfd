# A bad --ip is a usage error: one line on stderr, exit 2.
"$KAKUNIN" spf --ip 192.0.2 --mail-from a@example.com --dns-zone /dev/null
