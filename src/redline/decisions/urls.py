from django.urls import path

from redline.decisions import views
from redline.http.render import twin

app_name = "decisions"

urlpatterns = [
    path("models/<slug:org>/<slug:slug>/red-lines/<int:pk>/plot.svg", views.red_line_plot, name="plot"),
    *twin("models/<slug:org>/<slug:slug>/gate/<slug:mode>/", views.gate_page, "gate"),
    path("models/<slug:org>/<slug:slug>/decisions/new/", views.decision_new, name="decision-new"),
    path("models/<slug:org>/<slug:slug>/protocols/new/", views.protocol_new, name="protocol-new"),
    *twin("decisions/<int:pk>/", views.decision_detail, "decision"),
    *twin("protocols/<int:pk>/", views.protocol_detail, "protocol"),
]
