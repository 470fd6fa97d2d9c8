"""CUE entry pages list the published advisories and public incidents that point at the entry."""

from __future__ import annotations


def advisories_for(entry, user):
    from redline.disclosure.models import Advisory

    for adv in Advisory.objects.filter(cue_entries=entry, state="published").order_by("-published_at")[:50]:
        yield (f"{adv.public_id}: {adv.public.get('title', '')}", adv.get_absolute_url(), "report")


def incidents_for(entry, user):
    from redline.disclosure.models import Incident

    seen = set()
    for inc in Incident.objects.filter(public=True, state="published", cue_entries=entry)[:50]:
        seen.add(inc.pk)
        yield (inc.title, inc.get_absolute_url(), "incident")
    for inc in Incident.objects.filter(public=True, state="published", reports__advisory__cue_entries=entry,
                                       reports__advisory__state="published").distinct()[:50]:
        if inc.pk not in seen:
            yield (inc.title, inc.get_absolute_url(), "incident")


def register() -> None:
    from redline.enumeration.links import register_links

    register_links("disclosure.advisories", advisories_for)
    register_links("disclosure.incidents", incidents_for)
