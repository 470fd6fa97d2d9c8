"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms

from redline.core.errors import InvalidInput


def add_service_error(form: forms.Form, exc: InvalidInput) -> None:
    """Attach a service's ``"field: problem"`` message to that field, or to the form."""
    text = str(exc)
    field, _, message = text.partition(": ")
    if message and field in form.fields:
        form.add_error(field, message)
    else:
        form.add_error(None, text)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
