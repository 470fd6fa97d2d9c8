"""Admin for operators: decisions are frozen records; protocols and drills are listed."""

from django.contrib import admin

from redline.decisions.models import DecisionRecord, DeDeploymentProtocol, Drill


@admin.register(DecisionRecord)
class DecisionRecordAdmin(admin.ModelAdmin):
    list_display = ("model", "mode", "outcome", "created_at")
    list_filter = ("outcome", "mode")

    def has_change_permission(self, request, obj=None):
        return False  # the snapshot is frozen; a new decision supersedes an old one

    def has_add_permission(self, request):
        return False


@admin.register(DeDeploymentProtocol)
class DeDeploymentProtocolAdmin(admin.ModelAdmin):
    list_display = ("name", "deployment", "created_at")


@admin.register(Drill)
class DrillAdmin(admin.ModelAdmin):
    list_display = ("protocol", "held_at")
