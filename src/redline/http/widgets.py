"""Multi-value form inputs that work without JavaScript.

:class:`ListField` cleans to a list of strings: one entry per line, and per comma where commas
cannot be part of an entry (identifiers such as ``org/model`` or ``CUE-0001``). Its default widget,
:class:`RepeatedInput`, is several text inputs under one name, each offering the same suggestions
through a ``<datalist>`` (the browser shows them as the user types; nothing else is needed); there is
always one empty input more than the entries given, and any input takes several entries separated
by commas. Use a ``Textarea`` widget instead for free text where commas belong to the entry (credits,
web addresses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class RepeatedInput(forms.Widget):
    """``slots`` (or more) ``<input type="text">`` with one name and one ``<datalist>`` of suggestions."""

    def __init__(self, *, slots: int = 3, suggestions: Iterable[tuple[str, str]] = (), item_label: str = "entry",
                 attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.slots = slots
        self.suggestions = list(suggestions)
        self.item_label = item_label

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name)
        return value if isinstance(value, list) else ([] if value is None else [value])

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_

    def format_value(self, value):
        if value is None:
            return []
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base = attrs.pop("id", None) or f"id_{name}"
        values = [v for v in self.format_value(value) if v.strip()]
        described = attrs.pop("aria-describedby", None)
        list_id = f"{base}_suggestions"
        inputs = []
        for i, v in enumerate([*values, *[""] * max(self.slots - len(values), 1)]):
            extra = {**attrs, "type": "text", "name": name, "id": f"{base}_{i}", "value": v}
            if self.suggestions:
                extra["list"] = list_id
            if i:  # the label names the first input; the others say which entry they are
                extra["aria-label"] = f"{self.item_label} {i + 1}"
            if described:
                extra["aria-describedby"] = described
            if not v:
                extra.pop("value")
            inputs.append(format_html("<input{}>", forms.widgets.flatatt(extra)))
        datalist = ""
        if self.suggestions:
            options = format_html_join("", '<option value="{}">{}</option>', self.suggestions)
            datalist = format_html('<datalist id="{}">{}</datalist>', list_id, options)
        return format_html('<div class="repeated" role="group">{}{}</div>', mark_safe("".join(inputs)), datalist)


class ListField(forms.Field):
    """A list of strings, at most ``max_items`` entries of at most ``max_length`` characters each."""

    widget = RepeatedInput

    def __init__(self, *, max_items: int, max_length: int, commas: bool = True, upper: bool = False, **kwargs):
        self.max_items, self.max_length, self.commas, self.upper = max_items, max_length, commas, upper
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(self.widget, forms.Textarea) and isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        raw = value if isinstance(value, (list, tuple)) else [value or ""]
        pattern = r"[\r\n,]" if self.commas else r"[\r\n]"
        out: list[str] = []
        for chunk in raw:
            for entry in re.split(pattern, str(chunk)):
                entry = entry.strip()
                if self.upper:
                    entry = entry.upper()
                if entry and entry not in out:
                    out.append(entry)
        return out

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) > self.max_items:
            raise forms.ValidationError(f"at most {self.max_items} entries (this has {len(value)})", code="max_items")
        for entry in value:
            if len(entry) > self.max_length:
                raise forms.ValidationError(f"each entry at most {self.max_length:,} characters ({entry[:40]!r}… "
                                            f"has {len(entry):,})", code="max_length")


class DatePicker(forms.DateInput):
    """The browser's date picker (``<input type="date">``), which shows the date in the reader's own format
    and always sends ``YYYY-MM-DD``; so help text never names a format, and the value is written in ISO
    form (the only one the picker reads back)."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
