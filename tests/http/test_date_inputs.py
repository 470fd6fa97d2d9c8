"""Date inputs are the browser's picker: help text names no format, and the value is written in ISO form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms

from redline.http.widgets import DatePicker

FORMAT_WORDS = re.compile(r"YYYY|DD/|MM/|/YY|dd\.mm", re.IGNORECASE)


def _date_fields():
    import importlib

    for module_name in ("redline.registry.forms", "redline.accounts.forms", "redline.commitments.forms",
                        "redline.disclosure.forms", "redline.enumeration.forms"):
        module = importlib.import_module(module_name)
        for name, cls in vars(module).items():
            if isinstance(cls, type) and issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.DateField):
                        yield f"{cls.__name__}.{field_name}", field


def test_every_date_field_is_a_picker_whose_help_text_names_no_format():
    fields = list(_date_fields())
    assert fields, "no date fields found: the test looks in the wrong modules"
    for label, field in fields:
        assert isinstance(field.widget, DatePicker), label
        assert not FORMAT_WORDS.search(str(field.help_text)), (label, field.help_text)


def test_the_picker_is_given_an_iso_value():
    html = DatePicker().render("d", dt.date(2026, 3, 12))
    assert 'type="date"' in html and 'value="2026-03-12"' in html


@pytest.mark.django_db
def test_the_model_edit_form_shows_the_release_date(client, make_org, make_user, make_model):
    org = make_org(slug="dates")
    user = make_user(org, "admin")
    make_model(org, name="Dated", release_date="2026-03-12")
    client.force_login(user)
    html = client.get("/models/dates/dated/edit/").content.decode()
    assert re.search(r'<input type="date" name="release_date" value="2026-03-12"', html), html[:0]
