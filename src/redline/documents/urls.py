from django.urls import path

from redline.documents import exports, views
from redline.http.render import twin

app_name = "documents"

_DOC = "documents/<slug:org>/<slug:slug>/"

urlpatterns = [
    *twin("documents/", views.document_list, "list"),
    path("documents/new/", views.document_new, name="new"),
    path("documents/feed.atom", exports.ReleasedDocumentsFeed(), name="feed"),
    *twin(_DOC, views.document_detail, "detail"),
    path(_DOC + "edit/", views.document_edit, name="edit"),
    path(_DOC + "request-review/", views.request_review, name="request-review"),
    *twin(_DOC + "versions/", views.version_list, "versions"),
    *twin(_DOC + "versions/<int:number>/", views.version_detail, "version"),
    path(_DOC + "versions/<int:number>/review/", views.review_page, name="review"),
    *twin(_DOC + "diff/", views.version_diff, "diff"),
    path(_DOC + "export.json", exports.export_json, name="export-json"),
    path(_DOC + "export.md", exports.export_markdown, name="export-md"),
    path(_DOC + "document.pdf", exports.export_pdf, name="pdf"),
]
