# A Yamato missed-delivery lure with a shortened link, answered in Japanese (--lang auto).
sed '1,/^$/d' tests/sms/messages/yamato_absent_shortener_ja.txt | "$KAKUNIN" sms -
