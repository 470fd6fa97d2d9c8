"""The canonical JSON of a case: stable across file order and folders, changed by any edit, signable."""

from __future__ import annotations

import json

from redline.core import signing
from redline.core.gsn import case_digest, case_document, case_from_texts, case_json

A = "module: {name: main}\nG1: {text: Top, supportedBy: [Sn1], layer1: kept}\nSn1: {text: Evidence}\n"


def test_the_document_holds_modules_elements_and_kept_keys():
    doc = case_document(case_from_texts([("a/main.yaml", A)]))
    assert doc["format"] == "gsn2x"
    (module,) = doc["modules"]
    assert module["name"] == "main" and module["module"] == {"name": "main"}
    assert module["elements"]["G1"] == {"text": "Top", "supportedBy": ["Sn1"], "layer1": "kept"}
    assert json.loads(case_json(case_from_texts([("a/main.yaml", A)]))) == doc


def test_the_digest_ignores_element_order_and_folder_but_not_content():
    base = case_digest(case_from_texts([("a/main.yaml", A)]))
    reordered = "module: {name: main}\nSn1: {text: Evidence}\nG1: {text: Top, supportedBy: Sn1, layer1: kept}\n"
    assert case_digest(case_from_texts([("elsewhere/main.yaml", reordered)])) == base
    assert case_digest(case_from_texts([("a/main.yaml", A.replace("Top", "Top!"))])) != base
    assert case_digest(case_from_texts([("a/main.yaml", A.replace("kept", "changed"))])) != base


def test_an_assessor_signs_the_case_and_any_change_breaks_the_signature():
    key = signing.generate_private_key()
    case = case_from_texts([("main.yaml", A)])
    signature = signing.sign(case_document(case), key)
    assert signing.is_valid(case_document(case), signature, key.public_key())
    edited = case_from_texts([("main.yaml", A.replace("Evidence", "Other evidence"))])
    assert not signing.is_valid(case_document(edited), signature, key.public_key())
