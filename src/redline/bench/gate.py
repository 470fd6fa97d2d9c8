"""``redline bench gate``: the deployment gate and the Inspect importer, on SQLite and PostgreSQL.

Figures (targets from issue 4):

- the gate over one model with 100 in-force red lines and 50,000 stored evaluation samples
  (100 evaluations × 500 pass/fail samples) answers in under 1 s;
- importing a 10,000-sample Inspect log (written with inspect_ai's own log writer from a
  fixture's samples) takes under 10 s, with the process's peak memory reported.

Each database runs in a child process against a temporary database the bench creates and
removes itself: a SQLite file in a temporary folder, and ``redline_bench_<pid>`` on the
PostgreSQL server named by ``--postgres`` (default: ``DATABASE_URL`` when it is PostgreSQL).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import typer

RED_LINES = 100
SAMPLES_PER_EVALUATION = 500
IMPORT_SAMPLES = 10_000
FIXTURE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "evidence" / "inspect" / "bio-protocol-uplift.json"


def write_inspect_log(path: Path, samples: int, source: Path = FIXTURE) -> Path:
    """A valid Inspect log with ``samples`` samples, written by inspect_ai from a fixture's samples."""
    from inspect_ai.log import read_eval_log, write_eval_log

    log = read_eval_log(str(source))
    base = list(log.samples or [])
    if not base:
        raise RuntimeError(f"{source.name} has no samples to copy")
    out = []
    for i in range(samples):
        s = base[i % len(base)].model_copy(update={"id": f"s{i:06d}", "epoch": 1})
        out.append(s)
    log.samples = out
    if log.results is not None:
        log.results.total_samples = samples
        log.results.completed_samples = samples
    write_eval_log(log, str(path))
    return path


def _seed(model_count_lines: int, samples_each: int):
    """One model with ``model_count_lines`` in-force red lines, each with one stored evaluation."""
    import numpy as np
    from django.utils import timezone

    from redline.accounts.models import Organisation
    from redline.commitments.models import Commitment, CommitmentVersion
    from redline.commitments.specs import build_spec, core_from_input
    from redline.evidence.models import Evaluation, pack_scores
    from redline.registry.models import AIModel

    org = Organisation.objects.create(slug="bench", name="Bench", kind="developer")
    model = AIModel.objects.create(organisation=org, slug="bench-model", name="Bench model")
    rng = np.random.default_rng(0)
    now = timezone.now()
    commitments = Commitment.objects.bulk_create(
        [Commitment(model=model, kind="red_line", name=f"Red line {i:03d}") for i in range(model_count_lines)])
    versions, evaluations = [], []
    for i, c in enumerate(commitments):
        spec = {"task": f"task_{i:03d}", "metric": "accuracy", "threshold": 0.5, "alert": 0.4,
                "min_samples": 100, "validity_days": 365}
        core = core_from_input("red_line", c.name, spec)
        versions.append(CommitmentVersion(commitment=c, number=1, state="in_force", in_force_at=now,
                                          spec=build_spec(core, number=1, organisation="bench",
                                                          model="bench/bench-model")))
        p = rng.uniform(0.05, 0.6)
        scores = tuple(float(x) for x in (rng.random(samples_each) < p))
        evaluations.append(Evaluation(
            model=model, task=f"task_{i:03d}", metric="accuracy", scorer="includes", source_format="inspect",
            n=samples_each, successes=int(sum(scores)), estimate=sum(scores) / samples_each,
            scores=pack_scores(scores), elicitation={"level": "strong"}, elicitation_level="strong",
            run_status="success", run_at=now, filename=f"bench-{i}.json", sha256=f"{i:064x}", imported_at=now))
    CommitmentVersion.objects.bulk_create(versions)
    Evaluation.objects.bulk_create(evaluations)
    return model


def run_child() -> dict[str, Any]:
    """Inside the child: migrate the temporary database, seed it, time the gate and the import."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from redline.decisions.services import evaluate_gate
    from redline.evidence.models import Evaluation
    from redline.evidence.services import import_file

    model = _seed(RED_LINES, SAMPLES_PER_EVALUATION)
    stored = sum(e.n for e in Evaluation.objects.filter(model=model).only("n"))
    t0 = time.perf_counter()
    report = evaluate_gate(model, "open_weights")
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(5):
        t0 = time.perf_counter()
        evaluate_gate(model, "hosted_api")
        warm.append(time.perf_counter() - t0)

    class _Operator:
        is_staff = is_active = is_authenticated = True
        pk = None
        email = "bench"

    path = Path(sys.argv[sys.argv.index("--child") + 1])
    size = path.stat().st_size
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    # as `redline import inspect`; the log is written from a mock-model fixture, so the mapping is declared
    result = import_file(_Operator(), model, path, kind="inspect", model_alias={"mockllm/model": model.full_slug})
    import_s = time.perf_counter() - t0
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    imported = result.evaluations[0]
    return {
        "database": connection.vendor,
        "red_lines": len(report.red_lines),
        "stored_samples": stored,
        "gate_cold_s": round(cold, 4),
        "gate_warm_best_s": round(min(warm), 4),
        "gate_allowed_open_weights": report.allowed,
        "import_samples": imported.n + imported.unscored + imported.errored,
        "import_file_mb": round(size / 1e6, 1),
        "import_s": round(import_s, 3),
        "peak_rss_mb_before_import": round(rss_before / 1024, 1),
        "peak_rss_mb_after_import": round(rss_after / 1024, 1),
    }


def _child(env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "redline.bench.gate", "--child", _LOG["path"]], env=env, capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "child failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


_LOG: dict[str, str] = {}


def _base_env() -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "redline.site.settings"
    env.setdefault("REDLINE_SECRET_KEY", "bench-only-" + "b" * 40)
    env.setdefault("PYTHONWARNINGS", "ignore")
    return env


def run_sqlite() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="redline-bench-") as tmp:
        env = _base_env()
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        env["REDLINE_DATA_DIR"] = tmp
        return _child(env)


def run_postgres(url: str) -> dict[str, Any]:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = f"redline_bench_{os.getpid()}"
    admin = psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                            password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        env = _base_env()
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
        with tempfile.TemporaryDirectory(prefix="redline-bench-") as tmp:
            env["REDLINE_DATA_DIR"] = tmp
            return _child(env)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run(postgres: str = "", sqlite_only: bool = False) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Measure on SQLite and, when a server URL is given (or DATABASE_URL is PostgreSQL), on PostgreSQL.

    Returns the machine and one result per database, each measured in a child process of its own.
    """
    url = postgres or (os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith(
        ("postgres://", "postgresql://")) else "")
    with tempfile.TemporaryDirectory(prefix="redline-bench-log-") as tmp:
        # Written once, here, so each child's figures cover reading and storing it only.
        # In its own process, so that the children's peak RSS (kept across fork and exec) is theirs alone.
        _LOG["path"] = str(Path(tmp) / "inspect-10000.json")
        subprocess.run([sys.executable, "-m", "redline.bench.gate", "--write-log", _LOG["path"]], check=True)
        results = [run_sqlite()]
        if url and not sqlite_only:
            results.append(run_postgres(url))
    machine = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    return machine, results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-log"]:
        write_inspect_log(Path(sys.argv[2]), IMPORT_SAMPLES)
    elif "--child" in sys.argv:
        typer.echo(json.dumps(run_child()))
