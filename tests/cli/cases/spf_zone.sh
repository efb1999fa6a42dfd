# kakunin spf against a zone file: pass by ip4, fail with the domain's exp= text, HELO identity,
# a null MAIL FROM (checks postmaster@HELO), the 10-term limit, and JSON.
d="$(mktemp -d)" && trap 'rm -rf "$d"' EXIT && cd "$d" || exit 9
cat > test.zone <<'ZONE'
$ORIGIN example.com.
$TTL 300
@        TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all exp=why.example.com"
why      TXT "%{i} may not send for %{d}"
mail     A   192.0.2.10
mail     TXT "v=spf1 a -all"
loop     TXT "v=spf1 include:loop.example.com -all"
_spf.example.net. TXT "v=spf1 ip6:2001:db8::/32 ~all"
ZONE
"$KAKUNIN" spf --ip 192.0.2.7 --mail-from user@example.com --helo mail.example.com --dns-zone test.zone
"$KAKUNIN" spf --ip 198.51.100.1 --mail-from user@example.com --dns-zone test.zone
"$KAKUNIN" spf --ip 2001:db8::5 --mail-from '<>' --helo mail.example.com --dns-zone test.zone --format json
"$KAKUNIN" spf --ip 192.0.2.1 --mail-from a@loop.example.com --dns-zone test.zone
