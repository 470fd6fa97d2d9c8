"""Ed25519 signatures over canonical JSON, for reviewer approvals of commitments.

A reviewer signs ``canonical_json(obj)`` of the commitment; anyone holding the
reviewer's public key (published on their organisation page) can check it offline.
Keys travel as raw 32-byte base64 or as PEM; signatures as base64 of 64 bytes.
Any change to the object, however small, makes verification fail.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from redline.core.canonical import canonical_json, sha256_hex
from redline.core.errors import InvalidInput, VerificationFailed

__all__ = [
    "Ed25519PrivateKey",
    "Ed25519PublicKey",
    "generate_private_key",
    "is_valid",
    "key_fingerprint",
    "load_private_key",
    "load_public_key",
    "private_key_to_b64",
    "private_key_to_pem",
    "public_key_to_b64",
    "public_key_to_pem",
    "sign",
    "verify",
]


def generate_private_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 private key (its public half is ``key.public_key()``)."""
    return Ed25519PrivateKey.generate()


def public_key_to_b64(key: Ed25519PublicKey) -> str:
    """The raw 32-byte public key, base64."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def public_key_to_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def private_key_to_pem(key: Ed25519PrivateKey, password: bytes | None = None) -> str:
    """PKCS#8 PEM, encrypted with ``password`` when given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    ).decode("ascii")


def private_key_to_b64(key: Ed25519PrivateKey) -> str:
    """The raw 32-byte private seed, base64 (keep it secret)."""
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode("ascii")


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(f"{what} is not valid base64") from None


def load_public_key(data: str | bytes) -> Ed25519PublicKey:
    """A public key from PEM or raw base64; InvalidInput when it is neither."""
    text = data.decode("ascii", errors="replace") if isinstance(data, bytes) else data
    if "-----BEGIN" in text:
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except ValueError:
            raise InvalidInput("public key", "malformed PEM") from None
        if not isinstance(key, Ed25519PublicKey):
            raise InvalidInput("public key", "not an Ed25519 key")
        return key
    raw = _b64(text, "public key")
    if len(raw) != 32:
        raise InvalidInput("public key", f"an Ed25519 key has 32 bytes, got {len(raw)}")
    return Ed25519PublicKey.from_public_bytes(raw)


def load_private_key(data: str | bytes, password: bytes | None = None) -> Ed25519PrivateKey:
    """A private key from PEM (optionally encrypted) or raw base64."""
    text = data.decode("ascii", errors="replace") if isinstance(data, bytes) else data
    if "-----BEGIN" in text:
        try:
            key = serialization.load_pem_private_key(text.encode("ascii"), password=password)
        except (ValueError, TypeError):
            raise InvalidInput("private key", "malformed PEM or wrong password") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise InvalidInput("private key", "not an Ed25519 key")
        return key
    raw = _b64(text, "private key")
    if len(raw) != 32:
        raise InvalidInput("private key", f"an Ed25519 seed has 32 bytes, got {len(raw)}")
    return Ed25519PrivateKey.from_private_bytes(raw)


def key_fingerprint(key: Ed25519PublicKey) -> str:
    """First 16 hex digits of SHA-256 of the raw public key, for display."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return sha256_hex(raw)[:16]


def sign(obj: Any, key: Ed25519PrivateKey) -> str:
    """Base64 Ed25519 signature over ``canonical_json(obj)``."""
    return base64.b64encode(key.sign(canonical_json(obj))).decode("ascii")


def verify(obj: Any, signature: str, key: Ed25519PublicKey | str) -> None:
    """Raise VerificationFailed unless ``signature`` signs ``canonical_json(obj)`` under ``key``."""
    public = load_public_key(key) if isinstance(key, str) else key
    try:
        sig = _b64(signature, "signature")
    except InvalidInput as exc:
        raise VerificationFailed(str(exc)) from None
    try:
        public.verify(sig, canonical_json(obj))
    except InvalidSignature:
        raise VerificationFailed(
            f"signature does not verify under key {key_fingerprint(public)} (object changed or wrong key)"
        ) from None


def is_valid(obj: Any, signature: str, key: Ed25519PublicKey | str) -> bool:
    """True when :func:`verify` would pass."""
    try:
        verify(obj, signature, key)
    except VerificationFailed:
        return False
    return True
