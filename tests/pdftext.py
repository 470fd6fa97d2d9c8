"""The text of a PDF as a reader copying it out would get it (pypdf), for tests of what a PDF shows."""

import io
import re

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """Every page's text, whitespace runs made one space, and a word broken at one of its hyphens
    across two lines joined again (markers such as ``MARKER-REGULATORS-7f3a`` wrap there)."""
    assert content.startswith(b"%PDF"), content[:20]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", re.sub(r"-\s+", "-", text))
