# password gen: the password is random, so check its shape rather than its value.
"$KAKUNIN" password gen --format json | python3 -c '
import json, sys
j = json.load(sys.stdin)
alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789!#%+-=?@_~"
print(sorted(j))
print(j["kind"], j["length"], len(j["password"]), j["words"], j["choices"], j["entropy_bits"])
print("in alphabet:", all(c in alphabet for c in j["password"]))
print("zxcvbn score:", j["zxcvbn"]["score"])
'
"$KAKUNIN" password gen --words 6 --format json | python3 -c '
import json, sys
j = json.load(sys.stdin)
words = j["password"].split("-")
print(j["kind"], len(words), j["words"], j["choices"], j["entropy_bits"])
print("lower-case words of 3-8 letters:", all(w.isalpha() and w.islower() and 3 <= len(w) <= 8 for w in words))
'
"$KAKUNIN" password gen --length 32 | sed -n '2p'
"$KAKUNIN" password gen | awk 'NR == 1 { print length($0) } NR > 1 { sub(/about 10\^[0-9]+/, "about 10^N"); print }'
