"""Reading the YAML data files shipped in ``redline/data/`` (the EU form, the NIST practices)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from redline.core import safe_yaml


def read_package_yaml(relative: str) -> Any:
    """Read and parse ``redline/data/<relative>`` with the project's bounded YAML loader."""
    text = resources.files("redline").joinpath(f"data/{relative}").read_text(encoding="utf-8")
    return safe_yaml.load(text, source=relative)
