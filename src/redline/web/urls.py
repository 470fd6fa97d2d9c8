"""Root URLs: pages, their JSON twins, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

from redline.enumeration import views as enumeration_views
from redline.web import views
from redline.web.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("index.json", views.home, {"fmt": "json"}, name="home-json"),
    path("ledger/head", views.ledger_head, name="ledger-head"),
    path("ledger/", views.ledger_page, name="ledger"),
    path("ledger.json", views.ledger_page, {"fmt": "json"}, name="ledger-json"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("redline.accounts.urls")),
    path("", include("redline.registry.urls")),
    path("", include("redline.commitments.urls")),
    path("", include("redline.evidence.urls")),
    path("", include("redline.decisions.urls")),
    path("", include("redline.estimates.urls")),
    path("", include("redline.disclosure.urls")),
    path("cue/", include("redline.enumeration.urls")),
    path("cue.json", enumeration_views.entry_list, {"fmt": "json"}, name="cue-json"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
