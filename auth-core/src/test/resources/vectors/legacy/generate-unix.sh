#!/usr/bin/env bash
# Writes unix-tools.tsv: hashes written by htpasswd (apache2-utils), mkpasswd (whois, libxcrypt)
# and Python's bcrypt module (python3-bcrypt), for the passwords in passwords.txt-like list below.
# Debian 12: apt-get install -y apache2-utils whois python3-bcrypt
set -euo pipefail
LONG="$(printf '0123456789%.0s' {1..8})TAIL-BEYOND-72"   # 94 bytes: bcrypt reads the first 72
out=unix-tools.tsv
{
printf '# scheme\ttool\tpassword\tencoded\n'
row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"; }
for pw in 'correct horse battery staple' 'pässwörd é' 'emoji 🔒🐙 pass' "$LONG"; do
  row 2y "htpasswd -nbB -C 5" "$pw" "$(htpasswd -nbB -C 5 u "$pw" | head -1 | cut -d: -f2-)"
  row 2b "mkpasswd -m bcrypt -R 5" "$pw" "$(printf '%s' "$pw" | mkpasswd -s -m bcrypt -R 5)"
  row 2a "mkpasswd -m bcrypt-a -R 5" "$pw" "$(printf '%s' "$pw" | mkpasswd -s -m bcrypt-a -R 5)"
  row 2b "python3 bcrypt.hashpw gensalt(4)" "$pw" "$(PW="$pw" /usr/bin/python3 -c 'import bcrypt,os;print(bcrypt.hashpw(os.environ["PW"].encode(),bcrypt.gensalt(4)).decode())')"
  row 5 "htpasswd -nb2" "$pw" "$(htpasswd -nb2 u "$pw" | head -1 | cut -d: -f2-)"
  row 6 "htpasswd -nb5 -r 20000" "$pw" "$(htpasswd -nb5 -r 20000 u "$pw" | head -1 | cut -d: -f2-)"
  row 5 "mkpasswd -m sha256crypt" "$pw" "$(printf '%s' "$pw" | mkpasswd -s -m sha256crypt)"
  row 5 "mkpasswd -m sha256crypt -R 1000" "$pw" "$(printf '%s' "$pw" | mkpasswd -s -m sha256crypt -R 1000)"
  row 6 "mkpasswd -m sha512crypt" "$pw" "$(printf '%s' "$pw" | mkpasswd -s -m sha512crypt)"
  row 6 "mkpasswd -m sha512crypt -R 12345" "$pw" "$(printf '%s' "$pw" | mkpasswd -s -m sha512crypt -R 12345)"
done
# bcrypt at cost 10, the common default of bcrypt libraries (htpasswd defaults to 5)
row 2y "htpasswd -nbB -C 10" "correct horse battery staple" "$(htpasswd -nbB -C 10 u 'correct horse battery staple' | head -1 | cut -d: -f2-)"
} > "$out"
