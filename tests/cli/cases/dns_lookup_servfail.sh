# A ";! servfail" name fails temporarily: "failed: ..." and exit 1.
d="$(mktemp -d)" && trap 'rm -rf "$d"' EXIT && cd "$d" || exit 9
printf '$ORIGIN example.com.\n;! servfail sel._domainkey\nsel._domainkey TXT "v=DKIM1; p="\n' > test.zone
"$KAKUNIN" dns lookup sel._domainkey.example.com TXT --dns-zone test.zone
