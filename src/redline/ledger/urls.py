"""Ledger URLs: the head and the entries (with the JSON twin)."""

from django.urls import path

from redline.http.render import twin
from redline.ledger import views

urlpatterns = [
    path("ledger/head", views.ledger_head, name="ledger-head"),
    *twin("ledger/", views.ledger_page, "ledger"),
]
