from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from redline.accounts.models import ApiToken, Invitation, Membership, Organisation, User


@admin.register(User)
class RedlineUserAdmin(UserAdmin):
    list_display = ("email", "display_name", "is_staff", "is_active")
    ordering = ("email",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "scope", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("token_hash", "prefix", "last_used_at")


admin.site.register(Invitation)
