"""The incident list's facets in SQL: an index of the values each incident holds, kept as it changes.

Each incident's facet values (:func:`redline.core.disclosure.incident.facet_row`) are stored as
:class:`~redline.disclosure.models.IncidentFacet` rows, rewritten whenever the incident is saved or its CUE
links change (signals connected when the app is ready), so :func:`search` filters with one ``EXISTS`` per
chosen facet and counts every facet with one ``values().annotate(Count)``, however many incidents match.
The counts equal :func:`redline.core.disclosure.incident.facet_counts` over the same rows; ``ledger verify``
recomputes the index of every incident it checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.signals import m2m_changed, post_save

from redline.core.disclosure import incident as core
from redline.disclosure.models import Incident, IncidentFacet


def rows_of(incidents: Iterable[Incident]) -> dict[int, dict[str, list[str]]]:
    """{pk: facet row} of ``incidents`` as they are stored now (one query for their CUE links)."""
    incidents = list(incidents)
    cue: dict[int, list[str]] = {}
    through = Incident.cue_entries.through
    for inc_id, cue_id in (through.objects.filter(incident_id__in=[i.pk for i in incidents])
                           .values_list("incident_id", "cueentry_id")):
        cue.setdefault(inc_id, []).append(cue_id)
    return {i.pk: core.facet_row(harm_types=i.harm_types, severity=i.severity, sectors=i.sectors,
                                 cue_ids=cue.get(i.pk, []), atlas=i.atlas_techniques) for i in incidents}


def _entries(pk: int, row: dict[str, list[str]]) -> list[IncidentFacet]:
    return [IncidentFacet(incident_id=pk, facet=f, value=v, folded=v.lower())
            for f, v in sorted(core.facet_entries(row))]


def refresh(incidents: Iterable[Incident]) -> None:
    """Rewrite the facet rows of ``incidents`` from their stored fields."""
    rows = rows_of(incidents)
    if not rows:
        return
    IncidentFacet.objects.filter(incident_id__in=list(rows)).delete()
    IncidentFacet.objects.bulk_create([e for pk, row in rows.items() for e in _entries(pk, row)], batch_size=500)


def rebuild() -> int:
    """Rewrite the whole index from the incidents (after a restore or a bulk change); returns the rows."""
    IncidentFacet.objects.all().delete()
    for start in range(0, Incident.objects.count(), 500):
        refresh(Incident.objects.order_by("pk")[start:start + 500])
    return IncidentFacet.objects.count()


def mismatches(objects: list) -> Iterator[tuple[object, str]]:
    """``(pk, "facet index")`` for each incident whose stored facet rows differ from its fields."""
    if not _indexed():
        return  # a database between migrations (the upgrade tests verify one): no index yet to check
    stored: dict[int, set[tuple[str, str]]] = {}
    for pk, facet, value in IncidentFacet.objects.filter(incident__in=[o.pk for o in objects]).values_list(
            "incident_id", "facet", "value"):
        stored.setdefault(pk, set()).add((facet, value))
    for pk, row in rows_of(objects).items():
        if stored.get(pk, set()) != core.facet_entries(row):
            yield pk, "facet index"


def _indexed() -> bool:
    from django.db import connection

    return IncidentFacet._meta.db_table in connection.introspection.table_names()


def search(base: QuerySet[Incident], chosen: dict[str, str]) -> tuple[QuerySet[Incident], dict[str, list]]:
    """The incidents of ``base`` that hold every chosen facet value (compared case-insensitively), and the
    facet counts over them, as :func:`redline.core.disclosure.incident.facet_counts` gives them."""
    matched = Incident.objects.filter(pk__in=base.values("pk"))
    for facet, value in chosen.items():
        if value and facet in core.FACETS:
            matched = matched.filter(Exists(IncidentFacet.objects.filter(incident=OuterRef("pk"), facet=facet,
                                                                         folded=value.lower())))
    counts: dict[str, list[tuple[str, int]]] = {f: [] for f in core.FACETS}
    for facet, value, n in (IncidentFacet.objects.filter(incident__in=matched.values("pk"))
                            .values("facet", "value").annotate(n=Count("incident_id")).order_by()
                            .values_list("facet", "value", "n")):
        counts[facet].append((value, n))
    # sorted here, not by the database, whose collation may order text differently from Python
    return matched, {f: sorted(c, key=lambda kv: (-kv[1], kv[0])) for f, c in counts.items()}


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance])


def _on_cue_links(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh([instance])
    elif action == "post_clear":  # a CUE entry's links all went: rebuild the incidents that held it
        refresh(Incident.objects.filter(facet_values__facet="cue", facet_values__value=instance.pk).distinct())
    else:
        refresh(Incident.objects.filter(pk__in=pk_set or ()))


def connect() -> None:
    post_save.connect(_on_save, sender=Incident, dispatch_uid="redline-incident-facets-save")
    m2m_changed.connect(_on_cue_links, sender=Incident.cue_entries.through, dispatch_uid="redline-incident-facets-cue")
