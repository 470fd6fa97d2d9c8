"""Part 2 of ``redline bench forecasts``: a 10,000-forecast track-record page, plots included.

A child process migrates a temporary SQLite database, stores 10,000 resolved binary questions with
one scored forecast each by one forecaster (rows written in bulk: the figure is the page, not the
seeding), and renders the track record through Django's test client — the HTML page and its two
plots (reliability and discrimination SVG), as a browser fetches them — once cold and 20 times
warm. The target (issue 13) is a warm median under 200 ms.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

HANDLE = "bench-forecaster"


def _seed(n: int) -> None:
    import datetime as dt

    import numpy as np
    from django.utils import timezone

    from redline.accounts.models import Organisation, User
    from redline.core.forecasts import brier_score, log_score
    from redline.core.forecasts.scores import baseline_score
    from redline.forecasts.models import Forecast, ForecasterProfile, Question, Score
    from redline.registry.models import AIModel

    org = Organisation.objects.create(slug="bench", name="Bench", kind="developer")
    model = AIModel.objects.create(organisation=org, slug="bench-model", name="Bench model")
    user = User.objects.create_user(email="bench@example.test", password="x")
    ForecasterProfile.objects.create(user=user, handle=HANDLE)
    rng = np.random.default_rng(0)
    p = np.round(rng.uniform(0.02, 0.98, n), 3)
    o = rng.random(n) < p
    now = timezone.now()
    opens, closes = now - dt.timedelta(days=30), now - dt.timedelta(days=1)
    questions = Question.objects.bulk_create([
        Question(title=f"Bench question {i}", criteria="bench", kind="binary", model=model, task="t", metric="m",
                 threshold=0.5, opens_at=opens, closes_at=closes, resolve_by=now, author=user, state="resolved",
                 resolution={"outcome": bool(o[i]), "run_at": None, "manual": True, "resolved_at": closes.isoformat(),
                             "note": "bench"}) for i in range(n)], batch_size=1000)
    forecasts = Forecast.objects.bulk_create([
        Forecast(question=q, user=user, made_by=user, forecaster=HANDLE, probability=float(p[i]),
                 made_at=opens + dt.timedelta(days=1)) for i, q in enumerate(questions)], batch_size=1000)
    brier, logs, base = brier_score(p, o), log_score(p, o), baseline_score(p, o)
    Score.objects.bulk_create([
        Score(question=q, forecast=f, forecaster=HANDLE, brier=float(brier[i]), log_score=float(logs[i]),
              baseline_score=float(base[i])) for i, (q, f) in enumerate(zip(questions, forecasts, strict=True))],
        batch_size=1000)


def run_child(n: int, repeat: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    _seed(n)
    client = Client()
    base = f"/forecasts/forecasters/{HANDLE}/"

    def render() -> int:
        size = 0
        for url in (base, base + "reliability.svg", base + "discrimination.svg"):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            size += len(response.content)
        return size

    t0 = time.perf_counter()
    size = render()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        render()
        warm.append(time.perf_counter() - t0)
    return {"forecasts": n, "cold_s": cold, "warm_median_s": statistics.median(warm), "bytes": size}


def measure(n: int, repeat: int) -> dict[str, Any]:
    """Run the child on a temporary SQLite database; its result as a dict."""
    with tempfile.TemporaryDirectory(prefix="redline-bench-forecasts-") as tmp:
        env = dict(os.environ)
        env.update(DJANGO_SETTINGS_MODULE="redline.site.settings", DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
                   REDLINE_DATA_DIR=tmp, PYTHONWARNINGS="ignore", REDLINE_ALLOWED_HOSTS="testserver")
        env.setdefault("REDLINE_SECRET_KEY", secrets.token_urlsafe(50))
        proc = subprocess.run([sys.executable, "-m", "redline.bench.forecast_page", str(n), str(repeat)], env=env,
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "child failed")
        return json.loads(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":  # the child
    print(json.dumps(run_child(int(sys.argv[1]), int(sys.argv[2]))))
