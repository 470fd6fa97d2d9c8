from django.urls import path

from redline.forecasts import views
from redline.http.render import twin

app_name = "forecasts"

urlpatterns = [
    *twin("forecasts/", views.question_list, "list"),
    path("forecasts/new/", views.question_new, name="new"),
    path("forecasts/handle/", views.handle_settings, name="handle"),
    path("forecasts/feed.atom", views.ResolutionFeed(), name="feed"),
    path("forecasts/export.jsonl", views.export, name="export"),
    *twin("forecasts/leaderboard/", views.leaderboard, "leaderboard"),
    *twin("forecasts/<int:pk>/", views.question_detail, "question"),
    path("forecasts/<int:pk>/plot.svg", views.question_plot, name="question-plot"),
    path("forecasts/<int:pk>/forecast/", views.forecast_submit, name="forecast"),
    path("forecasts/<int:pk>/<slug:action>/", views.question_action, name="action"),
    *twin("forecasts/forecasters/<slug:handle>/", views.forecaster_page, "forecaster"),
    path("forecasts/forecasters/<slug:handle>/<slug:kind>.svg", views.record_plot, name="forecaster-plot"),
    *twin("forecasts/orgs/<slug:slug>/", views.organisation_page, "organisation"),
    path("forecasts/orgs/<slug:slug>/<slug:kind>.svg", views.record_plot, name="organisation-plot"),
]
