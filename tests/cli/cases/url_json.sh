# kakunin url --format json: the fields of docs/links.md for a decimal-integer IPv4 host.
"$KAKUNIN" url --format json 'http://3405803786/'
