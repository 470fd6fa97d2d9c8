"""Disclosure URLs: public advisories, incidents and feeds; intake; cases; coordination; disputes."""

from django.urls import path

from redline.disclosure import public_views, views, webhook_views
from redline.http.render import twin

app_name = "disclosure"

feed = public_views.AdvisoryFeed()

urlpatterns = [
    *twin("advisories/", public_views.advisory_list, "advisories"),
    path("advisories/feed.atom", feed, name="feed"),
    path("advisories/feed/model/<slug:key>/<slug:slug>.atom", feed, {"scope": "model"}, name="feed-model"),
    path("advisories/feed/organisation/<slug:key>.atom", feed, {"scope": "organisation"}, name="feed-org"),
    path("advisories/feed/cue/<str:key>.atom", feed, {"scope": "cue"}, name="feed-cue"),
    *twin("advisories/<str:public_id>/", public_views.advisory_detail, "advisory"),
    path("advisories/<str:public_id>.jsonld", public_views.advisory_jsonld, name="advisory-jsonld"),
    *twin("incidents/", public_views.incident_list, "incidents"),
    *twin("incidents/<int:pk>/", public_views.incident_detail, "incident"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="incident-edit"),
    path("report/", views.report_form, name="report"),
    path("report/received/", views.report_received, name="report-received"),
    *twin("report/follow/<str:token>/", views.follow_up, "follow-up"),
    *twin("cases/", views.case_list, "cases"),
    *twin("cases/<int:pk>/", views.case_detail, "case"),
    path("cases/<int:pk>/act/", views.case_act, name="case-act"),
    path("cases/<int:pk>/attachments/<int:att>/", views.attachment, name="attachment"),
    *twin("coordination/", views.coordination, "coordination"),
    path("coordination/incidents/new/", views.incident_create, name="incident-create"),
    *twin("disputes/", views.dispute_list, "disputes"),
    *twin("disputes/<int:pk>/", views.dispute_detail, "dispute"),
    path("orgs/<slug:org>/webhooks/", webhook_views.webhook_list, name="webhooks"),
]
