"""Render a page as HTML or as its JSON twin from the same data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def page(request: HttpRequest, template: str, context: dict[str, Any], data: Any, fmt: str = "html",
         status: int = 200) -> HttpResponse:
    """HTML from ``template`` with ``context``, or ``data`` as JSON when ``fmt == "json"``."""
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    return render(request, template, context, status=status)


def json_url(request: HttpRequest) -> str:
    """The JSON twin's URL of the current page (``/models/`` → ``/models.json``)."""
    path = request.path.rstrip("/") or "/index"
    query = request.META.get("QUERY_STRING", "")
    return path + ".json" + (f"?{query}" if query else "")


def twin(route: str, view, name: str, kwargs: dict | None = None) -> list:
    """Both URLs of a page and its JSON twin: ``twin("models/", v, "models")`` gives ``models/`` and
    ``models.json`` (``…/<slug>/`` becomes ``…/<slug>.json``), named ``name`` and ``name-json``.

    Spread it into ``urlpatterns``: ``[*twin("models/", views.model_list, "models"), …]``.
    """
    from django.urls import path

    json_route = (route.rstrip("/") or "index") + ".json"
    return [path(route, view, dict(kwargs or {}), name=name),
            path(json_route, view, {**(kwargs or {}), "fmt": "json"}, name=f"{name}-json")]
