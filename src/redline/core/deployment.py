"""Deployment modes, ranked by reversibility (least reversible last)."""

from __future__ import annotations

from enum import Enum


class DeploymentMode(str, Enum):
    """How a model reaches users; the order is the reversibility ranking the gate uses."""

    INTERNAL = "internal"
    HOSTED_API = "hosted_api"
    API_FINE_TUNING = "api_fine_tuning"
    GATED_OPEN_WEIGHTS = "gated_open_weights"
    OPEN_WEIGHTS = "open_weights"

    @property
    def rank(self) -> int:
        """0 for internal use (most reversible) up to 4 for open weights (irreversible)."""
        return list(DeploymentMode).index(self)

    @property
    def label(self) -> str:
        return MODE_LABELS[self]

    @property
    def releases_weights(self) -> bool:
        return self in (DeploymentMode.GATED_OPEN_WEIGHTS, DeploymentMode.OPEN_WEIGHTS)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, DeploymentMode):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def parse(cls, text: str) -> DeploymentMode:
        """Accept ``open-weights``, ``open_weights`` or the label, case-insensitively."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        for mode in cls:
            if key in (mode.value, mode.label.lower().replace(" ", "_")):
                return mode
        from redline.core.errors import InvalidInput

        choices = ", ".join(m.value.replace("_", "-") for m in cls)
        raise InvalidInput(f"unknown deployment mode {text!r}; choose one of: {choices}")


MODE_LABELS = {
    DeploymentMode.INTERNAL: "Internal",
    DeploymentMode.HOSTED_API: "Hosted API",
    DeploymentMode.API_FINE_TUNING: "API with fine-tuning",
    DeploymentMode.GATED_OPEN_WEIGHTS: "Gated open weights",
    DeploymentMode.OPEN_WEIGHTS: "Open weights",
}
