"""CUE entry pages list the threat profiles, and the red lines and thresholds on them, that point at the entry."""

from __future__ import annotations


def profiles_for(entry, user):
    from redline.accounts.policy import Action, can
    from redline.commitments.models import ThreatProfile
    from redline.commitments.sections import visible_versions

    profiles = ThreatProfile.objects.filter(cue_entry=entry).select_related("model__organisation")
    for profile in profiles[:50]:
        if not can(user, Action.VIEW, profile.model):
            continue
        yield (f"{profile.model.name}: {profile.category}", f"/threat-profiles/{profile.pk}/", "threat profile")
        for commitment in profile.commitments.all():
            if can(user, Action.VIEW, commitment) and visible_versions(commitment, user).exists():
                yield (f"{profile.model.name}: {commitment.name}", commitment.get_absolute_url(),
                       commitment.get_kind_display().lower())


def register() -> None:
    from redline.enumeration.links import register_links

    register_links("commitments.threat_profiles", profiles_for)
