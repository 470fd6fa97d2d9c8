from django.urls import path

from redline.decisions import views

app_name = "decisions"

urlpatterns = [
    path("models/<slug:org>/<slug:slug>/gate/<slug:mode>/", views.gate_page, name="gate"),
    path("models/<slug:org>/<slug:slug>/gate/<slug:mode>.json", views.gate_page, {"fmt": "json"}, name="gate-json"),
    path("models/<slug:org>/<slug:slug>/decisions/new/", views.decision_new, name="decision-new"),
    path("models/<slug:org>/<slug:slug>/protocols/new/", views.protocol_new, name="protocol-new"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>.json", views.decision_detail, {"fmt": "json"}, name="decision-json"),
    path("protocols/<int:pk>/", views.protocol_detail, name="protocol"),
    path("protocols/<int:pk>.json", views.protocol_detail, {"fmt": "json"}, name="protocol-json"),
]
