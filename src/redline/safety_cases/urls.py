from django.urls import path

from redline.http.render import twin
from redline.safety_cases import views

app_name = "safety_cases"

_CASE = "models/<slug:org>/<slug:slug>/safety-cases/<slug:case>/"

urlpatterns = [
    *twin("models/<slug:org>/<slug:slug>/safety-cases/", views.case_list, "list"),
    path("models/<slug:org>/<slug:slug>/safety-cases/new/", views.case_new, name="new"),
    *twin(_CASE, views.case_detail, "detail"),
    path(_CASE + "diagram.svg", views.case_diagram, name="diagram"),
    path(_CASE + "export/", views.case_export, name="export"),
    path(_CASE + "edit/", views.case_edit, name="edit"),
    path(_CASE + "bind/", views.case_bind, name="bind"),
    path(_CASE + "unbind/", views.case_unbind, name="unbind"),
    path(_CASE + "submit/", views.case_submit, name="submit"),
    path(_CASE + "withdraw/", views.case_withdraw, name="withdraw"),
    path(_CASE + "assess/", views.case_assess, name="assess"),
    path(_CASE + "conditions/<int:pk>/met/", views.condition_met, name="condition-met"),
]
