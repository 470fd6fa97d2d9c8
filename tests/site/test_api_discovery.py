"""API routers are found by autodiscovery when the URLconf loads; importing an app's api module first is fine."""

import subprocess
import sys

from paths import ROOT


def test_an_app_api_module_imports_before_the_api_object():
    code = ("import django; django.setup(); import redline.disclosure.api, redline.registry.api; "
            "from redline.site.urls import api; "
            "paths = api.get_openapi_schema()['paths']; "
            "assert '/api/advisories' in paths and '/api/models' in paths and '/api/ledger/head' in paths, sorted(paths)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "tests"), "DJANGO_SETTINGS_MODULE": "test_settings",
                               "PATH": "/usr/bin:/bin"}, check=False)
    assert proc.returncode == 0, proc.stderr


def test_every_app_router_is_mounted_once():
    from redline.site.discover import app_modules
    from redline.site.urls import api

    routers = [m.router for m in app_modules("api") if hasattr(m, "router")]
    mounted = [r for _, r in api._routers if r in routers]
    assert len(routers) >= 8 and len(mounted) == len(routers)
