# kakunin dns lookup answers from a zone file: TXT in several strings, MX, NODATA, NXDOMAIN.
d="$(mktemp -d)" && trap 'rm -rf "$d"' EXIT && cd "$d" || exit 9
cat > test.zone <<'ZONE'
$ORIGIN example.com.
$TTL 300
sel._domainkey  TXT ( "v=DKIM1; k=ed25519; "   ; split over two lines
                      "p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=" )
@               MX  20 mx2
@               MX  10 mx1.example.net.
www             A   192.0.2.80
ZONE
"$KAKUNIN" dns lookup SEL._domainkey.example.com. TXT --dns-zone test.zone
"$KAKUNIN" dns lookup example.com MX --dns-zone test.zone
"$KAKUNIN" dns lookup www.example.com TXT --dns-zone test.zone
"$KAKUNIN" dns lookup nothere.example.com A --dns-zone test.zone
