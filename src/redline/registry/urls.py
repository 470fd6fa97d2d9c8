from django.urls import path

from redline.http.render import twin
from redline.registry import views

app_name = "registry"

urlpatterns = [
    *twin("orgs/", views.org_list, "orgs"),
    *twin("orgs/<slug:org>/", views.org_detail, "org"),
    path("orgs/<slug:org>/invite/", views.org_invite, name="org-invite"),
    *twin("models/", views.model_list, "models"),
    path("models/new/", views.model_create, name="model-create"),
    path("models/import-card/", views.card_import, name="card-import"),
    *twin("models/<slug:org>/<slug:slug>/", views.model_detail, "model"),
    path("models/<slug:org>/<slug:slug>/edit/", views.model_edit, name="model-edit"),
    path("models/<slug:org>/<slug:slug>/scope/", views.scope_add, name="scope-add"),
    path("models/<slug:org>/<slug:slug>/deployments/", views.deployment_add, name="deployment-add"),
    path("models/<slug:org>/<slug:slug>/risk.json", views.model_sections_json, name="model-risk"),
    path("models/<slug:org>/<slug:slug>/card.md", views.model_card_raw, name="model-card"),
]
