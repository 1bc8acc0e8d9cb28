#!/usr/bin/python3
"""Writes django.tsv: hashes written by Django's own password hashers (Debian 12 python3-django
3.2.25 with python3-bcrypt and python3-argon2: apt-get install -y python3-django python3-bcrypt
python3-argon2). Run with the system python3: /usr/bin/python3 generate-django.py"""
import django
from django.conf import settings

settings.configure(PASSWORD_HASHERS=[
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
])
django.setup()
from django.contrib.auth.hashers import (
    Argon2PasswordHasher, BCryptSHA256PasswordHasher, PBKDF2PasswordHasher,
    PBKDF2SHA1PasswordHasher, check_password, make_password)


class SmallArgon2(Argon2PasswordHasher):  # keeps the test suite fast; Django's own encoder
    time_cost, memory_cost, parallelism = 1, 1024, 2


class SmallBcryptSha256(BCryptSHA256PasswordHasher):
    rounds = 5


LONG = "0123456789" * 8 + "TAIL-BEYOND-72"
rows = []
for pw in ["correct horse battery staple", "pässwörd é", "emoji 🔒🐙 pass", LONG]:
    rows.append(("pbkdf2_sha256", "Django 3.2 PBKDF2PasswordHasher iterations=1000",
                 pw, PBKDF2PasswordHasher().encode(pw, PBKDF2PasswordHasher().salt(), 1000)))
    rows.append(("pbkdf2_sha1", "Django 3.2 PBKDF2SHA1PasswordHasher iterations=1000",
                 pw, PBKDF2SHA1PasswordHasher().encode(pw, PBKDF2SHA1PasswordHasher().salt(), 1000)))
    rows.append(("argon2", "Django 3.2 Argon2PasswordHasher t=1 m=1024 p=2", pw,
                 SmallArgon2().encode(pw, SmallArgon2().salt())))
    rows.append(("bcrypt_sha256", "Django 3.2 BCryptSHA256PasswordHasher rounds=5", pw,
                 SmallBcryptSha256().encode(pw, SmallBcryptSha256().salt())))
# Django's defaults, as a real installation writes them
rows.append(("pbkdf2_sha256", "Django 3.2 make_password default (260000 iterations)",
             "correct horse battery staple", make_password("correct horse battery staple")))
rows.append(("argon2", "Django 3.2 Argon2PasswordHasher defaults", "correct horse battery staple",
             make_password("correct horse battery staple", hasher="argon2")))
rows.append(("bcrypt_sha256", "Django 3.2 BCryptSHA256PasswordHasher defaults",
             "correct horse battery staple",
             make_password("correct horse battery staple", hasher="bcrypt_sha256")))
with open("django.tsv", "w", encoding="utf-8") as out:
    out.write("# scheme\ttool\tpassword\tencoded\n")
    for scheme, tool, pw, encoded in rows:
        assert check_password(pw, encoded)
        assert not check_password("x" + pw, encoded)
        out.write(f"{scheme}\t{tool}\t{pw}\t{encoded}\n")
