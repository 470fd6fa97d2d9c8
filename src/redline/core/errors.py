"""One exception hierarchy for redline.

    RedlineError
    ├── InvalidInput          bad input at a boundary (file, argument, field); has .field and .message
    │   ├── ImportFailed      an importer could not read a file; nothing was written
    │   ├── ModelError        a risk model is malformed (names the line and field)
    │   └── EmbargoTooLong    an embargo end later than the policy allows (says the limit and why)
    ├── IllegalTransition     a state machine was asked for a transition it does not allow
    │   ├── EmbargoBinds      publishing or ending an embargo early while it still binds the case
    │   └── DisputeRefused    a dispute step whose precondition does not hold yet
    ├── PermissionDenied      the policy refused an action
    ├── TokenRefused          an API token is unknown, revoked or expired
    ├── RateLimited           too many attempts from one client or account; try again later
    ├── AppendOnlyError       something tried to change or delete an append-only record
    ├── VerificationFailed    a hash chain, digest or signature does not verify
    └── RendererUnavailable   a drawing tool (Graphviz's dot) is not installed; callers fall back

Each boundary maps these once: the API in :mod:`redline.site.api` (422, 409, 403, 401, 429),
the pages in :mod:`redline.http.errors` (403 page; form errors on ``.field``), and the CLI in
:mod:`redline.cli.main` (one line and :attr:`RedlineError.exit_code`).
"""

from __future__ import annotations


class RedlineError(Exception):
    """Base of every error redline raises on purpose."""

    exit_code = 1


class InvalidInput(RedlineError):
    """Bad input at a boundary: :attr:`field` names the field, file or option, :attr:`message` the problem.

    ``InvalidInput("email", "already taken")`` reads ``email: already taken``;
    ``InvalidInput("the file is empty")`` has no field.
    """

    exit_code = 2

    def __init__(self, field_or_message: str, message: str | None = None) -> None:
        if message is None:
            self.field: str | None = None
            self.message: str = field_or_message
        else:
            self.field = str(field_or_message)
            self.message = message
        super().__init__(f"{self.field}: {self.message}" if self.field else self.message)


class ImportFailed(InvalidInput):
    """An importer could not read a file; nothing was written."""


class ModelError(InvalidInput):
    """A risk model is malformed; the message names the line and field."""


class EmbargoTooLong(InvalidInput):
    """An embargo end later than the policy allows; the message states the limit, the date and the reason."""

    def __init__(self, message: str) -> None:
        super().__init__("requested_end", message)


class IllegalTransition(RedlineError):
    """A state machine was asked for a transition its table does not allow."""

    def __init__(self, machine: str, state: str, event: str, explanation: str | None = None) -> None:
        self.machine = machine
        self.state = state
        self.event = event
        self.explanation = explanation
        super().__init__(explanation or f"{machine}: cannot '{event}' from state '{state}'")


class EmbargoBinds(IllegalTransition):
    """Publishing, or ending the embargo, is not allowed now: the message says why and what would allow it."""

    def __init__(self, event: str, explanation: str) -> None:
        super().__init__("embargo", "binding", event, explanation)


class DisputeRefused(IllegalTransition):
    """A dispute step whose precondition does not hold (nothing to dispute yet, no answer yet, no grounds)."""

    def __init__(self, state: str, event: str, explanation: str) -> None:
        super().__init__("dispute", state, event, explanation)


class PermissionDenied(RedlineError):
    """The policy refused an action."""


class TokenRefused(RedlineError):
    """An API token is unknown, revoked or expired."""


class RateLimited(RedlineError):
    """Too many attempts from one client or for one account; the message says when to retry."""


class AppendOnlyError(RedlineError):
    """Something tried to change or delete an append-only record (a ledger entry)."""


class VerificationFailed(RedlineError):
    """A hash chain, digest or signature does not verify."""


class RendererUnavailable(RedlineError):
    """A drawing tool the renderer needs (Graphviz's ``dot``) is not installed; show a fallback instead."""
