"""Find a named module in every installed redline app (``api``, ``demo``), in INSTALLED_APPS order.

Django's ``autodiscover_modules`` imports them (re-raising real import errors); this returns the ones that
exist, so the API and the demo loader share one discovery.
"""

from __future__ import annotations

import sys
from types import ModuleType


def app_modules(name: str) -> list[ModuleType]:
    """The ``<app>.<name>`` module of every installed ``redline.*`` app that has one."""
    from django.apps import apps
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules(name)
    found = []
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.{name}")
        if config.name.startswith("redline.") and module is not None:
            found.append(module)
    return found
