# alias which answers exactly {"address", "service"}; service is null when unknown.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export XDG_DATA_HOME="$dir"  # The default registry, in a folder of this test's own.
"$KAKUNIN" alias new Amazon --base taro@gmail.com --tag amazon >/dev/null
"$KAKUNIN" alias which Ta.Ro+Amazon@googlemail.com --format json; echo "exit $?"
"$KAKUNIN" alias which taro+unknown@gmail.com --format json; echo "exit $?"
"$KAKUNIN" alias which "not an address" --format json 2>&1; echo "exit $?"
