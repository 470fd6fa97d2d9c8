"""Realistic demo data: every app's ``demo.load()``, in INSTALLED_APPS order, each safe to load twice.

An app adds demo data by giving itself a ``demo`` module with an idempotent ``load()``; the registry's
runs first and returns the sign-ins. Found with :func:`redline.site.discover.app_modules`, as the API
routers are.
"""

from __future__ import annotations

from collections.abc import Callable

from redline.registry.demo import DEMO_DOMAIN, DEMO_PASSWORD  # noqa: F401 - the sign-in the CLI prints
from redline.site.discover import app_modules


def app_loaders() -> list[Callable[[], object]]:
    """``load`` from each installed redline app's ``demo`` module, in INSTALLED_APPS order."""
    return [module.load for module in app_modules("demo")]


def load_demo() -> dict:
    """Load every app's demo data; returns counts and the sign-ins."""
    from redline.accounts.models import Organisation
    from redline.registry.models import AIModel

    logins: list = []
    for loader in app_loaders():
        result = loader()
        if isinstance(result, list) and not logins:
            logins = result
    return {"organisations": Organisation.objects.count(), "models": AIModel.objects.count(), "logins": logins}
