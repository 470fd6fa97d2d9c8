from django.urls import path, re_path

from redline.enumeration import views
from redline.http.render import twin

app_name = "enumeration"

CUE_ID = r"(?P<cue_id>CUE-\d{4,8})"

urlpatterns = [
    path("", views.entry_list, name="list"),
    *twin("proposals/", views.proposal_list, "proposals"),
    path("proposals/new/", views.propose_new, name="propose"),
    *twin("proposals/<int:pk>/", views.proposal_detail, "proposal"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="decide"),
    re_path(rf"^{CUE_ID}/$", views.entry_detail, name="entry"),
    re_path(rf"^{CUE_ID}\.json$", views.entry_detail, {"fmt": "json"}, name="entry-json"),
    re_path(rf"^{CUE_ID}/propose-edit/$", views.propose_edit, name="propose-edit"),
]
