"""Reading the YAML data files shipped in ``redline/data/`` (the EU form, the NIST practices)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from redline.core.errors import InvalidInput


def load_yaml(text: str, *, source: str) -> Any:
    """Parse YAML ``text``; a syntax error is InvalidInput naming ``source``."""
    # TODO(safe_yaml): switch to redline.core.safe_yaml.load(text, source=source) once it lands.
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{source}: not valid YAML ({exc})") from None


def read_package_yaml(relative: str) -> Any:
    """Read and parse ``redline/data/<relative>``."""
    text = resources.files("redline").joinpath(f"data/{relative}").read_text(encoding="utf-8")
    return load_yaml(text, source=relative)
