"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms

from redline.core.errors import InvalidInput


def add_service_error(form: forms.Form, exc: InvalidInput, *, default: str | None = None) -> None:
    """Attach a service's error to the field it names (or to ``default``), else to the whole form."""
    field = exc.field if exc.field in form.fields else default
    if field is not None and field in form.fields:
        form.add_error(field, exc.message if field == exc.field else str(exc))
    else:
        form.add_error(None, str(exc))


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
