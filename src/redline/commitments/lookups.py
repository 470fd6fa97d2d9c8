"""Visibility-checked lookups of commitments' objects (see :mod:`redline.registry.lookups`)."""

from __future__ import annotations

from django.http import Http404

from redline.accounts.policy import Action, can
from redline.commitments.models import ThreatProfile


def visible_profile(user, pk: int) -> ThreatProfile:
    """The threat profile ``pk`` when ``user`` may see its model; 404 otherwise."""
    profile = ThreatProfile.objects.select_related("model__organisation", "cue_entry").filter(pk=pk).first()
    if profile is None or not can(user, Action.VIEW, profile.model):
        raise Http404("no such threat profile")
    return profile
