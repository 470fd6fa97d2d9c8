"""Pick the reader for a file by its name and first bytes, then read it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from redline.core.errors import ImportFailed
from redline.core.evidence._io import reading
from redline.core.evidence.record import EvidenceRecord
from redline.core.files import ZipLimits

#: The evidence kinds :func:`read_evidence` accepts.
EVIDENCE_KINDS = ("inspect", "lm_eval", "garak", "campaign")


HEAD_BYTES = 256 * 1024


def _head(path: str | os.PathLike[str]) -> tuple[Path, bytes, bool]:
    """(path, up to HEAD_BYTES of the file, whether that is the whole file), or ImportFailed."""
    p = Path(path)
    with reading(p), p.open("rb") as f:
        data = f.read(HEAD_BYTES + 1)
    if not data.strip():
        raise ImportFailed(p.name, "the file is empty")
    return p, data[:HEAD_BYTES], len(data) <= HEAD_BYTES


def sniff_kind(path: str | os.PathLike[str]) -> str:
    """The evidence kind of ``path`` ("inspect", "lm_eval", "garak" or "campaign"), or ImportFailed."""
    p, data, whole = _head(path)
    suffix = p.suffix.lower()
    if suffix == ".eval" or data.startswith(b"PK"):
        return "inspect"
    if suffix == ".csv":
        return "campaign"
    head = data.lstrip().decode("utf-8-sig", errors="replace")
    first_line = head.split("\n", 1)[0]
    if '"entry_type"' in first_line:
        return "garak"
    if '"attack_succeeded"' in first_line or (head.startswith("[") and '"attack_succeeded"' in head[:2000]):
        return "campaign"
    if head.startswith("{"):
        doc = None
        if whole:  # small files are parsed; large ones are judged by their head, never loaded whole
            try:
                doc = json.loads(data.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                doc = None
        if isinstance(doc, dict):
            if "eval" in doc and ("results" in doc or "status" in doc):
                return "inspect"
            if "results" in doc:
                return "lm_eval"
        elif '"results"' in head and '"eval"' not in head[:2000]:
            return "lm_eval"
        elif '"eval"' in head[:2000]:
            return "inspect"
    raise ImportFailed(
        p.name, f"cannot tell the evidence format; name it with kind= (one of {', '.join(EVIDENCE_KINDS)})"
    )


def read_evidence(path: str | os.PathLike[str], kind: str | None = None, *,
                  limits: ZipLimits | None = None) -> list[EvidenceRecord]:
    """Read any supported evidence file into records; ``kind`` skips the sniffing.

    Sniffing reads at most the first 256 KiB and never unpacks an archive; ``limits`` bound
    what an Inspect ``.eval`` archive may unpack to (see :func:`redline.core.files.check_zip`).
    """
    from redline.core.evidence.campaign import read_campaign
    from redline.core.evidence.garak import read_garak
    from redline.core.evidence.inspect_log import read_inspect
    from redline.core.evidence.lm_eval import read_lm_eval

    chosen = kind or sniff_kind(path)
    if chosen == "inspect":
        return read_inspect(path, limits=limits)
    if chosen == "lm_eval":
        return read_lm_eval(path)
    if chosen == "garak":
        return read_garak(path)
    if chosen == "campaign":
        return read_campaign(path).as_evidence()
    raise ImportFailed(
        Path(path).name, f"unknown evidence kind {chosen!r} (one of {', '.join(EVIDENCE_KINDS)})"
    )
