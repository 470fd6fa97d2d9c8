"""Multi-value inputs: repeated boxes with a datalist, commas and lines, limits named per field."""

import pytest
from django import forms
from django.http import QueryDict

from redline.http.widgets import ListField, RepeatedInput


class F(forms.Form):
    ids = ListField(max_items=3, max_length=8, upper=True,
                    widget=RepeatedInput(slots=2, suggestions=[("A-1", "first <one>")], item_label="ID"))
    names = ListField(max_items=5, max_length=40, commas=False, widget=forms.Textarea)


def test_repeated_boxes_and_commas_clean_to_one_list():
    f = F(QueryDict("ids=a-1,%20b-2&ids=&ids=a-1&names=Doe,%20Jane%0AR.%20Roe"))
    assert f.is_valid(), f.errors
    assert f.cleaned_data == {"ids": ["A-1", "B-2"], "names": ["Doe, Jane", "R. Roe"]}


def test_render_keeps_what_was_typed_and_offers_suggestions():
    html = str(F(QueryDict("ids=x,y&ids=z"))["ids"])
    assert html.count('name="ids"') == 3  # two filled boxes and one empty
    assert 'value="x,y"' in html and 'value="z"' in html and 'aria-label="ID 2"' in html
    assert '<datalist id="id_ids_suggestions"><option value="A-1">first &lt;one&gt;</option></datalist>' in html
    assert str(F()["ids"]).count('name="ids"') == 2
    assert 'for="id_ids_0"' in F()["ids"].label_tag()


@pytest.mark.parametrize(("data", "message"), [
    ("ids=a,b,c,d", "at most 3 entries (this has 4)"),
    ("ids=abcdefghij", "each entry at most 8 characters"),
])
def test_limits_name_the_problem(data, message):
    f = F(QueryDict(data))
    assert not f.is_valid() and message in f.errors["ids"][0]
