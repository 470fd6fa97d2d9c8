"""A symmetrical link (related incidents) is ledgered at both ends, whichever path makes it."""

from __future__ import annotations

import pytest

from redline.ledger.models import LedgerEntry
from redline.ledger.services import object_digest, verify

pytestmark = pytest.mark.django_db


def _incident(title: str):
    from redline.disclosure.models import Incident

    return Incident.objects.create(title=title)


def _entries_since(seq: int) -> list[tuple[str, str]]:
    return list(LedgerEntry.objects.filter(seq__gt=seq, object_type="disclosure.incident")
                .order_by("seq").values_list("object_id", "object_digest"))


def _head() -> int:
    last = LedgerEntry.objects.order_by("-seq").first()
    return last.seq if last else 0


def test_adding_through_the_orm_records_both_ends_with_their_new_links():
    a, b, c = _incident("a"), _incident("b"), _incident("c")
    start = _head()
    a.related.add(b, c)
    entries = _entries_since(start)
    assert [pk for pk, _ in entries] == [str(a.pk), str(b.pk), str(c.pk)]
    # each end's entry holds the digest it has now that the mirror rows exist
    assert [d for _, d in entries] == [object_digest(x) for x in (a, b, c)]
    assert verify() is None


def test_adding_a_link_that_exists_records_nothing():
    a, b = _incident("a"), _incident("b")
    a.related.add(b)
    start = _head()
    a.related.add(b)
    b.related.add(a)  # the mirror direction exists too
    assert _entries_since(start) == []


def test_removing_and_clearing_record_both_ends():
    a, b, c = _incident("a"), _incident("b"), _incident("c")
    a.related.add(b, c)
    start = _head()
    b.related.remove(a)  # from the other end
    assert [pk for pk, _ in _entries_since(start)] == [str(b.pk), str(a.pk)]
    start = _head()
    a.related.clear()
    assert sorted(pk for pk, _ in _entries_since(start)) == sorted([str(a.pk), str(c.pk)])
    assert not c.related.exists()
    assert verify() is None


def test_relate_only_links_and_the_signal_ledgers_both_ends():
    from redline.disclosure import incidents

    a, b = _incident("a"), _incident("b")
    start = _head()
    incidents.relate(a, [b])
    assert [pk for pk, _ in _entries_since(start)] == [str(a.pk), str(b.pk)]
    start = _head()
    incidents.relate(a, [b])
    assert _entries_since(start) == []
    assert verify() is None


def _admin_form_data(request, obj) -> dict:
    """What the admin's change form posts back for ``obj`` unchanged."""
    from django.contrib import admin
    from django.forms import MultiWidget

    form = admin.site._registry[type(obj)].get_form(request, obj)(instance=obj)
    data = {}
    for name, bf in form.fields.items():
        value = bf.prepare_value(form[name].value())
        if isinstance(bf.widget, MultiWidget):
            for i, part in enumerate(bf.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data


def test_linking_in_the_admin_is_ledgered_at_both_ends_and_verifies(client, make_user, redline_cli):
    from django.test import RequestFactory

    a, b = _incident("Cloned voice"), _incident("Cloned voice again")
    staff = make_user(email="ops@example.org", is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = staff
    data = _admin_form_data(request, a)
    data["related"] = [str(b.pk)]
    client.force_login(staff)
    start = _head()
    response = client.post(f"/admin/disclosure/incident/{a.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(b.related.values_list("pk", flat=True)) == [a.pk]
    ends = {pk for pk, _ in _entries_since(start)}
    assert {str(a.pk), str(b.pk)} <= ends
    latest_b = LedgerEntry.objects.filter(object_type="disclosure.incident", object_id=str(b.pk)).last()
    assert latest_b.object_digest == object_digest(b)
    code, out, err = redline_cli("ledger", "verify")
    assert code == 0, out + err
