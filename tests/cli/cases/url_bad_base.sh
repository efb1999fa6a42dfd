# A --base that is not an absolute URL is bad usage: one line on stderr, exit 2.
"$KAKUNIN" url --base 'not a url' '/x'
