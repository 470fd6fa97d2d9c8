"""Ed25519 signatures over canonical JSON."""

import base64

import pytest

from redline.core import signing
from redline.core.commitments import RedLine, payload
from redline.core.errors import InvalidInput, VerificationFailed
from redline.core.verdict import RedLineTest


@pytest.fixture(scope="module")
def key():
    return signing.generate_private_key()


def commitment():
    return payload(RedLine("bio-uplift", RedLineTest("bio", "accuracy", 0.10, min_samples=100)), version=1)


def test_sign_and_verify(key):
    obj = commitment()
    sig = signing.sign(obj, key)
    assert len(base64.b64decode(sig)) == 64
    signing.verify(obj, sig, key.public_key())
    assert signing.is_valid(obj, sig, signing.public_key_to_b64(key.public_key()))


def test_key_order_and_float_form_do_not_matter(key):
    obj = commitment()
    sig = signing.sign(obj, key)
    reordered = dict(reversed(list(obj.items())))
    reordered["min_samples"] = 100.0  # canonical JSON writes 100.0 as 100
    assert signing.is_valid(reordered, sig, key.public_key())


@pytest.mark.parametrize(
    ("field", "value"),
    [("threshold", 0.2), ("min_samples", 99), ("action", "pause_deployment"), ("version", 2)],
)
def test_tampered_commitment_fails(key, field, value):
    obj = commitment()
    sig = signing.sign(obj, key)
    tampered = {**obj, field: value}
    assert not signing.is_valid(tampered, sig, key.public_key())
    with pytest.raises(VerificationFailed, match="does not verify"):
        signing.verify(tampered, sig, key.public_key())


def test_wrong_key_and_garbage_signature(key):
    obj = commitment()
    sig = signing.sign(obj, key)
    other = signing.generate_private_key().public_key()
    assert not signing.is_valid(obj, sig, other)
    assert not signing.is_valid(obj, "not base64!!", key.public_key())
    assert not signing.is_valid(obj, base64.b64encode(b"x" * 64).decode(), key.public_key())


def test_key_serialisation_round_trips(key):
    pub = key.public_key()
    for text in (signing.public_key_to_b64(pub), signing.public_key_to_pem(pub)):
        assert signing.public_key_to_b64(signing.load_public_key(text)) == signing.public_key_to_b64(pub)
    obj = commitment()
    for loaded in (
        signing.load_private_key(signing.private_key_to_pem(key)),
        signing.load_private_key(signing.private_key_to_b64(key)),
        signing.load_private_key(signing.private_key_to_pem(key, b"pw"), b"pw"),
    ):
        assert signing.is_valid(obj, signing.sign(obj, loaded), pub)
    assert len(signing.key_fingerprint(pub)) == 16


@pytest.mark.parametrize(
    "text", ["", "zz", base64.b64encode(b"short").decode(), "-----BEGIN PUBLIC KEY-----\nxx\n"]
)
def test_bad_public_keys(text):
    with pytest.raises(InvalidInput):
        signing.load_public_key(text)


def test_wrong_password(key):
    with pytest.raises(InvalidInput, match="wrong password"):
        signing.load_private_key(signing.private_key_to_pem(key, b"pw"), b"nope")
