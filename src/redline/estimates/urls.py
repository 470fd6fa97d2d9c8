from django.urls import path

from redline.estimates import views

app_name = "estimates"

urlpatterns = [
    path("threat-profiles/<int:pk>/", views.profile_detail, name="profile"),
    path("threat-profiles/<int:pk>.json", views.profile_detail, {"fmt": "json"}, name="profile-json"),
    path("threat-profiles/<int:pk>/run/", views.profile_run, name="profile-run"),
    path("risk-runs/<int:pk>/", views.run_detail, name="run"),
    path("risk-runs/<int:pk>.json", views.run_detail, {"fmt": "json"}, name="run-json"),
    path("risk-runs/<int:pk>/curve.png", views.run_plot, name="run-plot"),
]
