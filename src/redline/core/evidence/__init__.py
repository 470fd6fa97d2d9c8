"""Evidence importers: evaluation files in, :class:`EvidenceRecord` lists out.

Readers: :func:`read_inspect` (Inspect AI ``.json``/``.eval``), :func:`read_lm_eval`
(lm-evaluation-harness results), :func:`read_garak` (garak report JSONL),
:func:`read_campaign` (safeguard red-team campaigns), and :func:`read_evidence`, which
sniffs the format. Every malformed input raises
:class:`~redline.core.errors.ImportFailed` with one message naming the file; a reader
has no side effect beyond reading its file.
"""

from __future__ import annotations

from redline.core.evidence.campaign import Campaign, CampaignAttempt, read_campaign
from redline.core.evidence.elicitation import Elicitation, ElicitationLevel, meets
from redline.core.evidence.garak import read_garak
from redline.core.evidence.inspect_log import read_inspect
from redline.core.evidence.lm_eval import read_lm_eval
from redline.core.evidence.model_names import ModelCheck, ModelMatch, check_model, parse_aliases
from redline.core.evidence.record import EvidenceRecord, SourceFormat
from redline.core.evidence.sniff import EVIDENCE_KINDS, read_evidence, sniff_kind

__all__ = [
    "EVIDENCE_KINDS",
    "Campaign",
    "CampaignAttempt",
    "Elicitation",
    "ElicitationLevel",
    "EvidenceRecord",
    "ModelCheck",
    "ModelMatch",
    "SourceFormat",
    "check_model",
    "meets",
    "parse_aliases",
    "read_campaign",
    "read_evidence",
    "read_garak",
    "read_inspect",
    "read_lm_eval",
    "sniff_kind",
]
