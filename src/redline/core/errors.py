"""One exception hierarchy for redline.

    RedlineError
    ├── InvalidInput          bad input at a boundary (file, argument, field); CLI exit 2
    │   ├── ImportFailed      an importer could not read a file; nothing was written
    │   └── ModelError        a risk model is malformed (names the line and field)
    ├── IllegalTransition     a state machine was asked for a transition it does not allow
    ├── PermissionDenied      the policy refused an action
    ├── IntegrityError        a hash chain, digest or signature does not verify
    └── RendererUnavailable   a drawing tool (Graphviz's dot) is not installed; callers fall back
"""

from __future__ import annotations


class RedlineError(Exception):
    """Base of every error redline raises on purpose."""

    exit_code = 1


class InvalidInput(RedlineError):
    """Bad input at a boundary; the message names the field or file and the problem."""

    exit_code = 2


class ImportFailed(InvalidInput):
    """An importer could not read a file; nothing was written."""


class ModelError(InvalidInput):
    """A risk model is malformed; the message names the line and field."""


class IllegalTransition(RedlineError):
    """A state machine was asked for a transition its table does not allow."""

    def __init__(self, machine: str, state: str, event: str) -> None:
        super().__init__(f"{machine}: cannot '{event}' from state '{state}'")
        self.machine = machine
        self.state = state
        self.event = event


class PermissionDenied(RedlineError):
    """The policy refused an action."""


class IntegrityError(RedlineError):
    """A hash chain, digest or signature does not verify."""


class RendererUnavailable(RedlineError):
    """A drawing tool the renderer needs (Graphviz's ``dot``) is not installed; show a fallback instead."""
