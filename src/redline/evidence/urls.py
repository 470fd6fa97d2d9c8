from django.urls import path

from redline.evidence import views

app_name = "evidence"

urlpatterns = [
    path("models/<slug:org>/<slug:slug>/evidence/", views.evidence_page, name="list"),
    path("models/<slug:org>/<slug:slug>/evidence.json", views.evidence_page, {"fmt": "json"}, name="list-json"),
]
