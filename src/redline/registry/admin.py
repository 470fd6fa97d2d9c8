from django.contrib import admin

from redline.registry.models import AIModel, Deployment, ScopeStatement


class DeploymentInline(admin.TabularInline):
    model = Deployment
    extra = 0


@admin.register(AIModel)
class AIModelAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "version", "modality", "licence", "visibility")
    list_filter = ("modality", "visibility", "organisation")
    search_fields = ("name", "slug", "summary")
    inlines = [DeploymentInline]


@admin.register(ScopeStatement)
class ScopeStatementAdmin(admin.ModelAdmin):
    list_display = ("model", "version", "created_at")

    def has_change_permission(self, request, obj=None):
        return False  # scope statements are versioned, never edited in place
