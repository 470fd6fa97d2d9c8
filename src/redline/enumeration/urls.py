from django.urls import path, re_path

from redline.enumeration import views

app_name = "enumeration"

CUE_ID = r"(?P<cue_id>CUE-\d{4,8})"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals.json", views.proposal_list, {"fmt": "json"}, name="proposals-json"),
    path("proposals/new/", views.propose_new, name="propose"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>.json", views.proposal_detail, {"fmt": "json"}, name="proposal-json"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="decide"),
    re_path(rf"^{CUE_ID}/$", views.entry_detail, name="entry"),
    re_path(rf"^{CUE_ID}\.json$", views.entry_detail, {"fmt": "json"}, name="entry-json"),
    re_path(rf"^{CUE_ID}/propose-edit/$", views.propose_edit, name="propose-edit"),
]
