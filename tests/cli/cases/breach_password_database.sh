# The names: breach import FILE... builds the offline database (default place under
# $XDG_DATA_HOME), breach password --offline / --db answers {"breached", "count", "source"}.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data"  # The default database goes to a folder of this test's own.
# SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8; the other hashes are made up.
printf '%s\n' 0000000000000000000000000000000000000001:5 \
  5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:10434004 FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:2 >"$tmp/pwned.txt"
"$KAKUNIN" breach import "$tmp/pwned.txt" --format json | grep -E '"(entries|lines|mode)"'; echo "exit $?"
test -f "$tmp/data/kakunin/pwned-passwords.db" && echo "default database written"
echo password | "$KAKUNIN" breach password --offline --format json; echo "exit $?"
echo correct-horse-battery | "$KAKUNIN" breach password --offline --format json; echo "exit $?"
echo password | "$KAKUNIN" breach password --db "$XDG_DATA_HOME/kakunin/pwned-passwords.db"; echo "exit $?"
# The old names still work.
"$KAKUNIN" breach build-db "$tmp/pwned.txt" -o "$tmp/old.db" >/dev/null; echo "exit $?"
echo password | "$KAKUNIN" breach check --db "$tmp/old.db" --format json; echo "exit $?"
# No password on stdin is bad input.
"$KAKUNIN" breach password --db "$tmp/old.db" </dev/null 2>&1; echo "exit $?"
