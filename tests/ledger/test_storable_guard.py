"""Every save of a redline model refuses NUL and NaN naming the field (the CLI's and importers' path)."""

from __future__ import annotations

import pytest

from redline.core.errors import InvalidInput


@pytest.mark.django_db
def test_nul_in_a_saved_text_field_is_refused_before_the_row_or_its_entry(developer):
    from redline.ledger.models import LedgerEntry

    before = LedgerEntry.objects.count()
    developer.description = "about\x00us"
    with pytest.raises(InvalidInput) as exc:
        developer.save()
    assert exc.value.field == "description" and "NUL" in exc.value.message
    assert LedgerEntry.objects.count() == before


@pytest.mark.django_db
def test_nan_and_nul_in_a_json_field_are_refused_with_their_path(developer, make_model):
    model = make_model(developer)
    model.links = [{"rel": "repo", "href": "x\x00"}]
    with pytest.raises(InvalidInput) as exc:
        model.save()
    assert exc.value.field == "links.0.href"
    model.links = []
    model.card_data = {"score": float("nan")}
    with pytest.raises(InvalidInput) as exc:
        model.save()
    assert exc.value.field == "card_data.score"


@pytest.mark.django_db
def test_find_nul_names_the_path():
    from redline.core.text import find_nul

    assert find_nul({"a": ["ok", {"b\x00": 1}]}) == "a.1.b\x00"
