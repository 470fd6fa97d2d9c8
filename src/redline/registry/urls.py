from django.urls import path

from redline.registry import views

app_name = "registry"

urlpatterns = [
    path("orgs/", views.org_list, name="orgs"),
    path("orgs.json", views.org_list, {"fmt": "json"}, name="orgs-json"),
    path("orgs/<slug:org>/", views.org_detail, name="org"),
    path("orgs/<slug:org>.json", views.org_detail, {"fmt": "json"}, name="org-json"),
    path("orgs/<slug:org>/invite/", views.org_invite, name="org-invite"),
    path("models/", views.model_list, name="models"),
    path("models.json", views.model_list, {"fmt": "json"}, name="models-json"),
    path("models/new/", views.model_create, name="model-create"),
    path("models/import-card/", views.card_import, name="card-import"),
    path("models/<slug:org>/<slug:slug>/", views.model_detail, name="model"),
    path("models/<slug:org>/<slug:slug>.json", views.model_detail, {"fmt": "json"}, name="model-json"),
    path("models/<slug:org>/<slug:slug>/edit/", views.model_edit, name="model-edit"),
    path("models/<slug:org>/<slug:slug>/scope/", views.scope_add, name="scope-add"),
    path("models/<slug:org>/<slug:slug>/deployments/", views.deployment_add, name="deployment-add"),
    path("models/<slug:org>/<slug:slug>/card.md", views.model_card_raw, name="model-card"),
]
