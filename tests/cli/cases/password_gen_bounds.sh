# Lengths and word counts outside the documented bounds are bad input: exit 2, one line.
for args in "--length 11" "--length 129" "--words 4" "--words 33" "--length abc" "--length 20 --words 6"; do
  # shellcheck disable=SC2086
  "$KAKUNIN" password gen $args 2>&1 | head -1; echo "exit ${PIPESTATUS[0]}"
done
