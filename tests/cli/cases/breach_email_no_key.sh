# Without an API key breach email still runs: it says how to check by hand and exits 0 with
# status not_checked (text, then JSON).
unset KAKUNIN_HIBP_API_KEY
"$KAKUNIN" breach email taro@example.com; echo "exit $?"
"$KAKUNIN" breach email taro@example.com --format json; echo "exit $?"
