"""Root URLs: pages, their JSON twins, the API and the admin.

The API object is built here, once the apps are loaded, and every app's router is mounted on it
(:func:`redline.site.api.mount_routers`).
"""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from redline.enumeration import views as enumeration_views
from redline.site import views
from redline.site.api import build_api, mount_routers

api = mount_routers(build_api())

urlpatterns = [
    path("", views.home, name="home"),
    path("index.json", views.home, {"fmt": "json"}, name="home-json"),
    path("", include("redline.ledger.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard.json", views.dashboard, {"fmt": "json"}, name="dashboard-json"),
    path("favicon.ico", RedirectView.as_view(url=static("redline/favicon.svg"), permanent=True), name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("redline.accounts.urls")),
    path("", include("redline.registry.urls")),
    path("", include("redline.commitments.urls")),
    path("", include("redline.evidence.urls")),
    path("", include("redline.decisions.urls")),
    path("", include("redline.risk_runs.urls")),
    path("", include("redline.forecasts.urls")),
    path("", include("redline.safety_cases.urls")),
    path("", include("redline.documents.urls")),
    path("", include("redline.transparency.urls")),
    path("", include("redline.disclosure.urls")),
    path("cue/", include("redline.enumeration.urls")),
    path("cue.json", enumeration_views.entry_list, {"fmt": "json"}, name="cue-json"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
