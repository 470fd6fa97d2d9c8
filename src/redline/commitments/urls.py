from django.urls import path

from redline.commitments import views
from redline.http.render import twin

app_name = "commitments"

urlpatterns = [
    *twin("commitments/", views.commitment_list, "list"),
    path("commitments/feed.atom", views.CommitmentFeed(), name="feed"),
    path("commitments/keys/", views.reviewer_keys, name="keys"),
    *twin("commitments/<int:pk>/", views.commitment_detail, "detail"),
    path("commitments/<int:pk>/new-version/", views.commitment_new_version, name="new-version"),
    path("commitments/versions/<int:pk>/spec.json", views.version_spec, name="spec"),
    path("commitments/versions/<int:pk>/<slug:action>/", views.version_action, name="action"),
    path("commitments/comments/<int:pk>/hide/", views.comment_hide, name="comment-hide"),
    path("models/<slug:org>/<slug:slug>/commitments/new/", views.commitment_new, name="new"),
    path("models/<slug:org>/<slug:slug>/threat-profiles/new/", views.threat_profile_new, name="threat-profile-new"),
    path("models/<slug:org>/<slug:slug>/commitments.atom", views.ModelCommitmentFeed(), name="model-feed"),
]
