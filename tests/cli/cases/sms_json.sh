# Full-width URL in a Rakuten Card lure: the JSON shows the text as given and the NFKC reading copy.
sed '1,/^$/d' tests/sms/messages/rakuten_fullwidth_url_ja.txt | "$KAKUNIN" sms --format json --sender "+81 90-0000-0000" -
