"""What an incident cites and whom it concerns: its sources and the entities involved.

Kept beside :mod:`redline.disclosure.models` (which imports them) so the incident database reads as one
piece. An entity is an organisation on redline or a named party that is not (a bank, a school, "job
applicants"); it has a page listing its incidents by role.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from redline.accounts.models import Organisation
from redline.core.disclosure.incident import ENTITY_ROLES
from redline.ledger.models import Recorded


class Entity(Recorded):
    """A developer, deployer or harmed party named by incidents; ``organisation`` when it is on redline."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    organisation = models.OneToOneField(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="incident_entity")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/entities/{self.slug}/"



class IncidentEntity(Recorded):
    """One entity in one role (developer, deployer, harmed party) of one incident."""

    incident = models.ForeignKey("disclosure.Incident", on_delete=models.CASCADE, related_name="entity_links")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="incident_links")
    role = models.CharField(max_length=10, choices=list(ENTITY_ROLES.items()))

    class Meta:
        ordering = ["role", "entity__name"]
        constraints = [models.UniqueConstraint(fields=["incident", "entity", "role"], name="one_role_per_entity")]



class IncidentSource(Recorded):
    """A source an incident cites: a news report, a court record, the developer's statement."""

    incident = models.ForeignKey("disclosure.Incident", on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    archived_url = models.URLField(max_length=500, blank=True, help_text="A copy in a web archive")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["published_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["incident", "url"], name="one_source_per_url")]



class IncidentFacet(models.Model):
    """One facet value an incident holds (a harm type, its severity, a sector, a CUE entry, an ATLAS
    technique), so the incident list filters and counts its facets in SQL.

    Derived from the incident's own fields and CUE links (kept by :mod:`redline.disclosure.incident_facets`,
    rebuilt with its ``rebuild()`` and checked by ``ledger verify``), so not ledgered itself.
    """

    incident = models.ForeignKey("disclosure.Incident", on_delete=models.CASCADE, related_name="facet_values")
    facet = models.CharField(max_length=10)
    value = models.TextField()
    folded = models.TextField(help_text="The value in lower case, as the list's filters compare it")

    class Meta:
        indexes = [models.Index(fields=["facet", "folded"], name="disclosure_incfacet_lookup")]
