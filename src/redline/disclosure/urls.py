"""Disclosure URLs: public advisories, incidents and feeds; intake; cases; coordination; disputes."""

from django.urls import path

from redline.disclosure import public_views, views, webhook_views

app_name = "disclosure"

feed = public_views.AdvisoryFeed()

urlpatterns = [
    path("advisories/", public_views.advisory_list, name="advisories"),
    path("advisories.json", public_views.advisory_list, {"fmt": "json"}, name="advisories-json"),
    path("advisories/feed.atom", feed, name="feed"),
    path("advisories/feed/model/<slug:key>/<slug:slug>.atom", feed, {"scope": "model"}, name="feed-model"),
    path("advisories/feed/organisation/<slug:key>.atom", feed, {"scope": "organisation"}, name="feed-org"),
    path("advisories/feed/cue/<str:key>.atom", feed, {"scope": "cue"}, name="feed-cue"),
    path("advisories/<str:public_id>/", public_views.advisory_detail, name="advisory"),
    path("advisories/<str:public_id>.json", public_views.advisory_detail, {"fmt": "json"}, name="advisory-json"),
    path("advisories/<str:public_id>.jsonld", public_views.advisory_jsonld, name="advisory-jsonld"),
    path("incidents/", public_views.incident_list, name="incidents"),
    path("incidents.json", public_views.incident_list, {"fmt": "json"}, name="incidents-json"),
    path("incidents/<int:pk>/", public_views.incident_detail, name="incident"),
    path("incidents/<int:pk>.json", public_views.incident_detail, {"fmt": "json"}, name="incident-json"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="incident-edit"),
    path("report/", views.report_form, name="report"),
    path("report/follow/<str:token>/", views.follow_up, name="follow-up"),
    path("report/follow/<str:token>.json", views.follow_up, {"fmt": "json"}, name="follow-up-json"),
    path("cases/", views.case_list, name="cases"),
    path("cases.json", views.case_list, {"fmt": "json"}, name="cases-json"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>.json", views.case_detail, {"fmt": "json"}, name="case-json"),
    path("cases/<int:pk>/act/", views.case_act, name="case-act"),
    path("cases/<int:pk>/attachments/<int:att>/", views.attachment, name="attachment"),
    path("coordination/", views.coordination, name="coordination"),
    path("coordination.json", views.coordination, {"fmt": "json"}, name="coordination-json"),
    path("coordination/incidents/new/", views.incident_create, name="incident-create"),
    path("disputes/<int:pk>/", views.dispute_detail, name="dispute"),
    path("disputes/<int:pk>.json", views.dispute_detail, {"fmt": "json"}, name="dispute-json"),
    path("orgs/<slug:org>/webhooks/", webhook_views.webhook_list, name="webhooks"),
]
