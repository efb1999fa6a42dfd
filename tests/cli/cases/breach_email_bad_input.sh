# Bad input is exit 2 with one line on stderr, before any key or network is looked at; so is a
# malformed config file (the key's value is never echoed).
unset KAKUNIN_HIBP_API_KEY
"$KAKUNIN" breach email not-an-address 2>&1; echo "exit $?"
"$KAKUNIN" breach email "taro@example.com" --format xml 2>&1 | head -1; echo "exit ${PIPESTATUS[0]}"
mkdir -p "$XDG_CONFIG_HOME/kakunin"
printf 'api-key = 0123456789abcdef0123456789abcdef\n' >"$XDG_CONFIG_HOME/kakunin/hibp.conf"
"$KAKUNIN" breach email taro@example.com 2>&1 | sed "s#$XDG_CONFIG_HOME#\$XDG_CONFIG_HOME#"; echo "exit ${PIPESTATUS[0]}"
rm "$XDG_CONFIG_HOME/kakunin/hibp.conf"
