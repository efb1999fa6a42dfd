# breach email against a local stand-in for HIBP (tests/cli/fake_hibp.py on 127.0.0.1): a found
# address (text and JSON), an unknown one (404), a rejected key (401), rate limiting (429).
tmp="$(mktemp -d)"
python3 tests/cli/fake_hibp.py "$tmp/port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 400); do [ -f "$tmp/port" ] && break; sleep 0.05; done  # Up to 20 s on a loaded machine.
base="http://127.0.0.1:$(cat "$tmp/port")/api/v3/"
export KAKUNIN_HIBP_API_KEY=0123456789abcdef0123456789abcdef
"$KAKUNIN" breach email taro+amazon@example.com --base-url "$base"; echo "exit $?"
"$KAKUNIN" breach email taro+amazon@example.com --base-url "$base" --format json; echo "exit $?"
# The base URL may also come from the environment.
KAKUNIN_HIBP_API_URL="$base" "$KAKUNIN" breach email nobody@example.org --format json; echo "exit $?"
"$KAKUNIN" breach email nobody@example.org --base-url "$base"; echo "exit $?"
"$KAKUNIN" breach email rate-limited@example.com --base-url "$base" 2>&1; echo "exit $?"
KAKUNIN_HIBP_API_KEY=ffffffffffffffffffffffffffffffff "$KAKUNIN" breach email taro@example.com --base-url "$base" 2>&1; echo "exit $?"
