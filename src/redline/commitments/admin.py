"""Admin for operators: read-only views of commitments (they change only through the services)."""

from django.contrib import admin

from redline.commitments.models import (
    Approval,
    Comment,
    Commitment,
    CommitmentVersion,
    ReviewerKey,
    ThreatProfile,
)


class ReadOnly(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False  # append-only: versions, approvals and keys change only through the services

    def has_add_permission(self, request):
        return False


@admin.register(ThreatProfile)
class ThreatProfileAdmin(admin.ModelAdmin):
    list_display = ("model", "category", "cue_entry", "threat_actor")
    search_fields = ("category", "threat_actor")


@admin.register(Commitment)
class CommitmentAdmin(ReadOnly):
    list_display = ("name", "model", "kind", "required_approvals")
    list_filter = ("kind",)


@admin.register(CommitmentVersion)
class CommitmentVersionAdmin(ReadOnly):
    list_display = ("commitment", "number", "state", "comment_period_ends", "created_at")
    list_filter = ("state",)


@admin.register(Approval)
class ApprovalAdmin(ReadOnly):
    list_display = ("version", "reviewer", "organisation", "server_signed", "created_at")


@admin.register(ReviewerKey)
class ReviewerKeyAdmin(ReadOnly):
    list_display = ("user", "organisation", "fingerprint", "server_held", "revoked_at")
    exclude = ("private_seed",)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("version", "author_name", "hidden", "created_at")
    list_filter = ("hidden",)
