"""Admin for operators: imported evidence is read-only (it changes only by a new import)."""

from django.contrib import admin

from redline.evidence.models import Evaluation, SafeguardCampaign, StoredVerdict


class ReadOnly(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnly):
    list_display = ("model", "task", "metric", "n", "estimate", "elicitation_level", "filename", "imported_at")
    list_filter = ("source_format",)
    search_fields = ("task", "filename", "sha256")
    exclude = ("scores",)


@admin.register(SafeguardCampaign)
class SafeguardCampaignAdmin(ReadOnly):
    list_display = ("model", "safeguard", "attempts", "attack_succeeded", "monitor_flagged", "passed")


@admin.register(StoredVerdict)
class StoredVerdictAdmin(ReadOnly):
    list_display = ("version", "evaluation", "status", "estimate", "computed_at")
    list_filter = ("status",)
