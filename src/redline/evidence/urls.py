
from redline.evidence import views
from redline.http.render import twin

app_name = "evidence"

urlpatterns = [
    *twin("models/<slug:org>/<slug:slug>/evidence/", views.evidence_page, "list"),
]
