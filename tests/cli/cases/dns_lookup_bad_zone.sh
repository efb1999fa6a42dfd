# A zone-file error names the file and line, exit 2.
d="$(mktemp -d)" && trap 'rm -rf "$d"' EXIT && cd "$d" || exit 9
printf '$ORIGIN example.com.\n\nwww A 192.0.2.256\n' > bad.zone
"$KAKUNIN" dns lookup www.example.com A --dns-zone bad.zone
