head -c 4096 /dev/urandom | "$KAKUNIN" inspect --offline - ; test $? -eq 2
