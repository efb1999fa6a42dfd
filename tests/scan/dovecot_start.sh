#!/usr/bin/env bash
# Starts a throwaway Dovecot IMAP server for the scan tests, as the current user, on 127.0.0.1.
# Usage: dovecot_start.sh DIR PORT USER PASSWORD MAIL...
# DIR gets the config, a self-signed certificate (DIR/cert.pem, for --cacert), the mail user's
# Maildir (the MAILs copied into new/, in order, so Dovecot gives them UIDs 1..n) and the logs.
# Port PORT serves IMAP with implicit TLS, PORT+1 plain IMAP. Prints "ready" when it accepts
# connections; stop it with `kill $(cat DIR/run/master.pid)`.
set -euo pipefail
dir="$1" port="$2" user="$3" password="$4"
shift 4
dovecot=$(command -v dovecot || echo /usr/sbin/dovecot)
mkdir -p "$dir/run" "$dir/state" "$dir/home/$user/Maildir/"{cur,new,tmp}
i=0
for m in "$@"; do
  i=$((i + 1))
  cp "$m" "$dir/home/$user/Maildir/new/$(printf '%06d' "$i").kakunin-test"
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
echo "$user:{PLAIN}$password" >"$dir/passwd"
me=$(id -un) group=$(id -gn)
# Dovecot refuses to run its unprivileged processes as root
# and mail as root: as root use its own system users and give the Maildir to "dovecot".
internal="$me" login="$me" uid=$(id -u) gid=$(id -g)
if [ "$uid" = 0 ]; then
  internal=dovecot login=dovenull uid=$(id -u dovecot) gid=$(id -g dovecot) group=$(id -gn dovecot)
  chmod 755 "$dir"
  chown -R dovecot: "$dir/home"
fi
cat >"$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
instance_name = kakunin-test-$port
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $internal
default_internal_group = $group
default_login_user = $login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$dir/home/%u
}
mail_location = maildir:~/Maildir
first_valid_uid = 1
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $((port + 1))
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $port
    ssl = yes
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
CONF
# Dovecot's daemon must not keep our stdout/stderr open (the caller reads them to EOF).
if ! "$dovecot" -c "$dir/dovecot.conf" </dev/null >"$dir/dovecot.stderr" 2>&1; then
  cat "$dir/dovecot.stderr" >&2
  exit 1
fi
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo ready; exit 0; fi
  sleep 0.05
done
echo "dovecot did not start; log:" >&2
cat "$dir/dovecot.stderr" >&2 || true
cat "$dir/dovecot.log" >&2 || true
exit 1
