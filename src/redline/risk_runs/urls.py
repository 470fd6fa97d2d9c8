from django.urls import path

from redline.http.render import twin
from redline.risk_runs import views

app_name = "risk_runs"

urlpatterns = [
    *twin("threat-profiles/<int:pk>/", views.profile_detail, "profile"),
    path("threat-profiles/<int:pk>/run/", views.profile_run, name="profile-run"),
    *twin("risk-runs/<int:pk>/", views.run_detail, "run"),
    path("risk-runs/<int:pk>/curve.png", views.run_plot, name="run-plot"),
]
