from django.contrib import admin

from redline.enumeration.models import CueEntry, CueEntryVersion, CueProposal


class CueEntryVersionInline(admin.TabularInline):
    model = CueEntryVersion
    extra = 0
    can_delete = False
    readonly_fields = ("version", "snapshot", "created_at", "created_by", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CueEntry)
class CueEntryAdmin(admin.ModelAdmin):
    list_display = ("cue_id", "name", "category", "version", "status", "updated_at")
    list_filter = ("category", "status")
    search_fields = ("cue_id", "name", "description")
    inlines = [CueEntryVersionInline]


@admin.register(CueEntryVersion)
class CueEntryVersionAdmin(admin.ModelAdmin):
    list_display = ("entry", "version", "created_at", "created_by")

    def has_change_permission(self, request, obj=None):
        return False  # versions are written once, never edited


@admin.register(CueProposal)
class CueProposalAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "target", "state", "proposer", "created_at", "decided_at")
    list_filter = ("kind", "state")
    readonly_fields = ("fields", "proposer", "created_at")
