from django.contrib import admin

from redline.risk_runs.models import RiskRun


@admin.register(RiskRun)
class RiskRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "profile", "threshold", "probability", "samples", "seed", "created_at")
    readonly_fields = [f.name for f in RiskRun._meta.fields]

    def has_add_permission(self, request):
        return False  # runs come from the engine, through the services

    def has_change_permission(self, request, obj=None):
        return False
