"""Operators' admin for disclosure. State fields are read-only here: states change through the services."""

from django.contrib import admin
from django.db import models

from redline.disclosure.models import (
    Advisory,
    Case,
    Dispute,
    Escalation,
    Incident,
    Participant,
    Report,
    SafeHarborTerms,
    Webhook,
)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    can_delete = False
    readonly_fields = ("vendor", "state", "flags", "duplicate_of", "received_at", "acknowledged_at", "triaged_at",
                       "fix_ready_at", "fix_deployed_at")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("ref", "title", "kind", "severity", "csam_path", "submitted_at")
    list_filter = ("kind", "severity", "csam_path", "source_format")
    search_fields = ("title", "description", "source_id")
    readonly_fields = ("followup_token_hash", "signature", "duplicate_of", "submitted_at")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("report", "embargo_state", "embargo_ends_at", "case_flags")
    readonly_fields = ("report", "embargo_state", "embargo_starts_at", "embargo_ends_at", "embargo_proposed_end",
                       "embargo_exit_reason", "case_flags", "public_at", "attacks_observed_at")
    inlines = [ParticipantInline]


@admin.register(Advisory)
class AdvisoryAdmin(admin.ModelAdmin):
    list_display = ("public_id", "state", "published_at", "title")
    list_filter = ("state", "kind", "severity")
    search_fields = ("public_id", "title")
    readonly_fields = ("public_id", "year", "sequence", "report", "state", "reserved_at", "published_at", "reason",
                       "redirect_to", "public", "search_text")
    exclude = ("ai_models", "organisations", "cue_entries")


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = ("report", "vendor", "state", "filed_at")
    readonly_fields = ("state", "decisions")


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ("case", "vendor", "deadline", "due", "created_at", "resolved_at")
    list_filter = ("deadline",)


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ("organisation", "url", "active", "last_status")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


admin.site.register(Incident)
admin.site.register(SafeHarborTerms)
