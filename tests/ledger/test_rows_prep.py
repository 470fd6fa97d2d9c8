"""``rows.insert`` stores a plain value as it is only where Django's own preparation would not change it."""

import pytest
from django.apps import apps
from django.db import connection

from redline.ledger.rows import prepared, stored_as_is

SAMPLES = {str: ["", "abc", "ünïcödé ✓", "x" * 300], int: [0, 7, -3, 2**40], bool: [True, False],
           type(None): [None]}


def _fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            yield pytest.param(field, id=f"{model._meta.label}.{field.name}")


@pytest.mark.parametrize("field", list(_fields()))
def test_a_value_stored_as_is_is_what_django_prepares(field):
    for kind in stored_as_is(field, connection.vendor):
        for value in SAMPLES[kind]:
            if value is None and not field.null:
                continue
            theirs = field.get_db_prep_save(value, connection=connection)
            assert theirs == value and type(theirs) is type(value), (field, value)


def test_the_common_fields_take_the_short_path():
    from redline.disclosure.models import Participant, Report

    def as_is(model, name, vendor="sqlite"):
        return stored_as_is(model._meta.get_field(name), vendor)

    assert as_is(Report, "title") == as_is(Report, "title", "postgresql") == (str, type(None))
    assert as_is(Report, "reporter") == (int, type(None))  # a foreign key: its id
    assert as_is(Report, "reporter", "postgresql") == ()  # Django sizes PostgreSQL's integers
    assert as_is(Participant, "open_weights") == (bool, type(None))
    assert as_is(Report, "submitted_at") == as_is(Report, "affected_systems") == ()  # dates and JSON: Django


@pytest.mark.django_db
def test_a_value_of_another_type_still_goes_through_django():
    from redline.disclosure.models import Report

    field = Report._meta.get_field("title")
    report = Report(title=12345)  # an int given to a text field is stored as text, as Django does
    assert prepared(field, "title", stored_as_is(field, connection.vendor), report, connection) == "12345"
