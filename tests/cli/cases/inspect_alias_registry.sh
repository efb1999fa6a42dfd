# A mail that claims Amazon, sent to the alias given only to Rakuten, is flagged; one sent to the
# Amazon alias is consistent. (Rewriting To breaks the DKIM signature; that is not what is tested.)
set -e
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$KAKUNIN" alias new rakuten --base taro@example.net --db "$dir/a.sqlite" >/dev/null
"$KAKUNIN" alias new amazon --base taro@example.net --db "$dir/a.sqlite" >/dev/null
for tag in rakuten amazon; do
  sed "s/^To: taro@example.net/To: taro+$tag@example.net/" examples/amazon-security-code.eml |
    "$KAKUNIN" inspect --format json --aliases-db "$dir/a.sqlite" --dns-zone examples/examples.zone \
      --now 2026-11-28T01:00:00Z - |
    /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(sys.argv[1], [f["id"] for f in d["findings"] if f["id"].startswith("alias.")])' "$tag"
done
