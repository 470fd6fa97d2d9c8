"""Read a local Hugging Face model card into registry fields, with huggingface_hub.

Nothing is downloaded: the card is parsed from text. The metadata block is read by
:mod:`redline.core.safe_yaml` with limits tighter than its defaults (a card's metadata is
small; a "billion laughs" alias chain is refused before anything expands), and
huggingface_hub only interprets the resulting mapping. An invalid ``model-index`` still
imports (without its evaluation results) and says so in ``warnings``; metadata that is not
a mapping, or YAML that does not parse, is refused.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from redline.core import safe_yaml
from redline.core.errors import ImportFailed, InvalidInput

#: huggingface_hub's ``repocard.REGEX_YAML_BLOCK`` (the Hub's own), copied so that a card is checked
#: before that library is imported; tests/registry/test_hostile_cards.py keeps the two equal.
REGEX_YAML_BLOCK = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
#: Limits for a card's metadata block: real cards (model-index included) stay far below them.
CARD_YAML_LIMITS = {"max_bytes": 512 * 1024, "max_aliases": 20, "max_nodes": 20_000, "max_depth": 50}

PIPELINE_MODALITY = {
    "text-generation": "text", "text2text-generation": "text", "fill-mask": "text", "summarization": "text",
    "translation": "text", "question-answering": "text", "text-classification": "text",
    "token-classification": "text", "conversational": "text", "feature-extraction": "text",
    "image-classification": "image", "text-to-image": "image", "image-to-image": "image",
    "object-detection": "image", "image-segmentation": "image", "unconditional-image-generation": "image",
    "automatic-speech-recognition": "audio", "text-to-speech": "audio", "audio-classification": "audio",
    "text-to-audio": "audio", "text-to-video": "video", "video-classification": "video",
    "image-text-to-text": "multimodal", "visual-question-answering": "multimodal",
    "image-to-text": "multimodal", "any-to-any": "multimodal",
}
LIBRARY_MODALITY = {"timm": "image", "diffusers": "image", "espnet": "audio", "speechbrain": "audio"}


@dataclass
class CardInfo:
    """The registry fields found in a model card, plus the raw text and its digest."""

    title: str = ""
    summary: str = ""
    licence: str = ""
    base_model: str = ""
    modality: str = ""
    tags: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    eval_results: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    raw: str = ""
    sha256: str = ""


def _first_heading_and_paragraph(body: str) -> tuple[str, str]:
    title, summary = "", ""
    paragraph: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if not title and stripped.startswith("# "):
            title = stripped[2:].strip()
            continue
        if stripped.startswith("#") or stripped.startswith("<") or stripped.startswith("!["):
            if paragraph:
                break
            continue
        if stripped:
            paragraph.append(stripped)
        elif paragraph:
            break
    summary = " ".join(paragraph)[:1000]
    return title, summary


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def parse_card(text: str, *, source: str = "model card") -> CardInfo:
    """Parse card ``text``; raise ImportFailed naming ``source`` and the problem."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    info = CardInfo(raw=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    match = REGEX_YAML_BLOCK.search(text)
    body = text[match.end():] if match else text
    try:
        raw = safe_yaml.load(match.group(2), source="the metadata block (YAML)", **CARD_YAML_LIMITS) if match else {}
    except InvalidInput as exc:
        raise ImportFailed(source, f"{exc.field}: {exc.message}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ImportFailed(source, "the metadata block between '---' lines must be a mapping "
                           "of fields (it is a list or a scalar)")
    from huggingface_hub import ModelCardData  # heavy (seconds): only once the metadata passed the limits

    hub_log = logging.getLogger("huggingface_hub")
    previous = hub_log.level
    hub_log.setLevel(logging.ERROR)
    try:
        try:
            card_data = ModelCardData(**raw)
        except ValueError as exc:
            message = str(exc)
            if "model_index" in message or "model-index" in message:
                card_data = ModelCardData(**raw, ignore_metadata_errors=True)
                reason = re.sub(r"\s*Pass `ignore_metadata_errors=True`.*", "", message, flags=re.S)
                info.warnings.append(f"the model-index is invalid and was left out ({reason})")
            else:
                raise ImportFailed(source, f"{message}") from None
        except TypeError as exc:  # a key that is not a valid Python keyword, e.g. a number
            raise ImportFailed(source, f"the metadata block has a field name that is not text ({exc})") from None
    finally:
        hub_log.setLevel(previous)

    data = card_data.to_dict()
    # Dates and other YAML scalars become JSON-safe; .nan and .inf become text (JSON columns refuse them).
    data = json.loads(json.dumps(data, default=str), parse_constant=str)
    info.data = data
    info.title, info.summary = _first_heading_and_paragraph(body)
    licence = data.get("license") or ""
    if licence == "other" and data.get("license_name"):
        licence = str(data["license_name"])
    info.licence = str(licence)
    info.base_model = ", ".join(str(b) for b in _as_list(data.get("base_model")))
    pipeline = data.get("pipeline_tag") or ""
    info.modality = PIPELINE_MODALITY.get(pipeline) or LIBRARY_MODALITY.get(data.get("library_name") or "", "")
    if not info.modality:
        tags = set(map(str, _as_list(data.get("tags"))))
        info.modality = next((m for t, m in PIPELINE_MODALITY.items() if t in tags), "")
    info.tags = [str(t) for t in _as_list(data.get("tags"))][:50]
    for key in ("license_link", "repo", "paper"):
        if data.get(key):
            info.links.append({"rel": key, "href": str(data[key])})
    eval_results = getattr(card_data, "eval_results", None) or []
    for result in eval_results:
        info.eval_results.append({
            "task": result.task_type, "dataset": result.dataset_name or result.dataset_type,
            "metric": result.metric_type, "value": result.metric_value,
        })
    if not data:
        info.warnings.append("the card has no metadata block; only its text was kept")
    return info
