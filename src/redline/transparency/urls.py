from django.urls import path

from redline.http.render import twin
from redline.transparency import views

app_name = "transparency"

_BASE = "orgs/<slug:org>/transparency/"

urlpatterns = [
    *twin(_BASE, views.index, "index"),
    path(_BASE + "build/", views.build, name="build"),
    *twin(_BASE + "compare/", views.report_compare, "compare"),
    *twin(_BASE + "reports/<slug:slug>/", views.report_detail, "report"),
    path(_BASE + "reports/<slug:slug>/report.<str:fmt>", views.report_download, name="report-download"),
    *twin(_BASE + "fmti/", views.fmti, "fmti"),
    path(_BASE + "fmti.csv", views.fmti_csv, name="fmti-csv"),
    path(_BASE + "fmti/import/", views.fmti_import, name="fmti-import"),
    *twin(_BASE + "eu-form/", views.eu_form, "eu-form"),
    path(_BASE + "eu-form/entry/", views.eu_form_entry, name="eu-form-entry"),
    *twin(_BASE + "nist/", views.nist, "nist"),
    path(_BASE + "nist/claim/", views.nist_claim, name="nist-claim"),
]
