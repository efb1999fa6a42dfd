head -c 4096 /dev/urandom | "$KAKUNIN" inspect - ; test $? -eq 2
