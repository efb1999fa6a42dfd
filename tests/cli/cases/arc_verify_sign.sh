# kakunin arc: seal a message with the ValiMail suite's key, then verify it; a message without
# ARC fields is arc=none; a tampered seal is arc=fail.
d="$(mktemp -d)" && trap 'rm -rf "$d"' EXIT && cd "$d" || exit 9
cat > key.pem <<'KEY'
-----BEGIN RSA PRIVATE KEY-----
MIICXQIBAAKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQi
Y/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqM
KrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB
AoGAH0cxOhFZDgzXWhDhnAJDw5s4roOXN4OhjiXa8W7Y3rhX3FJqmJSPuC8N9vQm
6SVbaLAE4SG5mLMueHlh4KXffEpuLEiNp9Ss3O4YfLiQpbRqE7Tm5SxKjvvQoZZe
zHorimOaChRL2it47iuWxzxSiRMv4c+j70GiWdxXnxe4UoECQQDzJB/0U58W7RZy
6enGVj2kWF732CoWFZWzi1FicudrBFoy63QwcowpoCazKtvZGMNlPWnC7x/6o8Gc
uSe0ga2xAkEA8C7PipPm1/1fTRQvj1o/dDmZp243044ZNyxjg+/OPN0oWCbXIGxy
WvmZbXriOWoSALJTjExEgraHEgnXssuk7QJBALl5ICsYMu6hMxO73gnfNayNgPxd
WFV6Z7ULnKyV7HSVYF0hgYOHjeYe9gaMtiJYoo0zGN+L3AAtNP9huqkWlzECQE1a
licIeVlo1e+qJ6Mgqr0Q7Aa7falZ448ccbSFYEPD6oFxiOl9Y9se9iYHZKKfIcst
o7DUw1/hz2Ck4N5JrgUCQQCyKveNvjzkkd8HjYs0SwM0fPjK16//5qDZ2UiDGnOe
uEzxBDAr518Z8VFbR41in3W4Y3yCDgQlLlcETrS+zYcL
-----END RSA PRIVATE KEY-----
KEY
cat > test.zone <<'ZONE'
dummy._domainkey.example.org. TXT ( "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQ"
  "oBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqM"
  "KrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB" )
ZONE
printf 'Authentication-Results: lists.example.org; spf=pass smtp.mailfrom=jqd@d1.example\r\nFrom: John <jqd@d1.example>\r\nTo: list@lists.example.org\r\nSubject: hello\r\nDate: Thu, 14 Jan 2015 15:00:01 -0800\r\n\r\nHi.\r\n' > in.eml
"$KAKUNIN" arc verify --dns-zone test.zone in.eml
"$KAKUNIN" arc sign --key key.pem --domain example.org --selector dummy --authserv-id lists.example.org \
  --headers from:to:subject:date --timestamp 12345 --dns-zone test.zone --message in.eml > sealed.eml
head -c 80 sealed.eml; echo
"$KAKUNIN" arc verify --dns-zone test.zone sealed.eml
sed 's/cv=none; d=example.org/cv=none; d=example.org /; s/^ARC-Seal: a=rsa-sha256; b=./ARC-Seal: a=rsa-sha256; b=A/' sealed.eml > tampered.eml
"$KAKUNIN" arc verify --dns-zone test.zone tampered.eml | head -1
