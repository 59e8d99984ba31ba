"""Encryption for what neither a copy of the database nor the member's phone may read: contact details waiting
for their batch, and answers in progress.

AES-GCM (authenticated: a changed byte fails to open) under a key derived from SECRET_KEY for each purpose, so a
key for cookies never opens contact details. The key is never stored in the database, the cache or the broker.
Unlike Fernet, the sealed bytes carry no timestamp. Padding to a fixed size hides the length of what is sealed.
Keys in SECRET_KEY_FALLBACKS still open what they sealed, so rotating SECRET_KEY loses nothing.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

NONCE_BYTES = 12


class Unsealable(ValueError):
    """Tampered with, truncated, or sealed under a key this site no longer has."""


def _key(purpose: str, secret: str) -> bytes:
    return salted_hmac(f"surveys.sealing.{purpose}", "aes-256-gcm", secret=secret, algorithm="sha256").digest()


def seal(data: bytes, *, purpose: str, pad_to: int = 0) -> bytes:
    if pad_to:
        if len(data) > pad_to - 4:
            raise ValueError(f"Too long to seal in {pad_to} bytes")
        data = len(data).to_bytes(4, "big") + data + bytes(pad_to - 4 - len(data))
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_key(purpose, settings.SECRET_KEY)).encrypt(nonce, data, purpose.encode())


def unseal(sealed: bytes, *, purpose: str, padded: bool = False) -> bytes:
    nonce, body = bytes(sealed[:NONCE_BYTES]), bytes(sealed[NONCE_BYTES:])
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            data = AESGCM(_key(purpose, secret)).decrypt(nonce, body, purpose.encode())
        except (InvalidTag, ValueError):
            continue
        return data[4 : 4 + int.from_bytes(data[:4], "big")] if padded else data
    raise Unsealable(purpose)
