"""Admin for operators: cases and bindings are listed; signed assessments and their conditions are read-only."""

from django.contrib import admin

from redline.safety_cases.models import Assessment, AssessmentCondition, SafetyCase, SolutionBinding


@admin.register(SafetyCase)
class SafetyCaseAdmin(admin.ModelAdmin):
    list_display = ("title", "model", "state", "status", "revision", "updated_at")
    list_filter = ("state", "status")
    readonly_fields = ("files", "sha256", "revision", "state", "status", "status_summary")


@admin.register(SolutionBinding)
class SolutionBindingAdmin(admin.ModelAdmin):
    list_display = ("case", "element", "kind", "bound_at")


class _ReadOnly(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False  # signed: a change would break the signature; a new assessment supersedes

    def has_add_permission(self, request):
        return False


@admin.register(Assessment)
class AssessmentAdmin(_ReadOnly):
    list_display = ("case", "verdict", "organisation", "revision", "created_at")
    list_filter = ("verdict",)


@admin.register(AssessmentCondition)
class AssessmentConditionAdmin(_ReadOnly):
    list_display = ("assessment", "position", "met_at")
