"""``redline bench disclosure``: intake, public search and duplicate suggestions at database scale.

Runs in a database it creates itself: a SQLite file in a temporary folder, or a
fresh PostgreSQL database on the server named by ``--postgres URL`` (or
``DATABASE_URL``), dropped afterwards.  Figures (targets from issues 3 and 11),
each with the load average before and after it (the machine may be shared):

- ingest through the service layer (validation, case, vendor participation,
  reserved public ID, ledger entries, duplicate suggestion and indexing), one
  report per transaction (``submit_report``, what the form, API and CLI do) in a fresh process, as a
  ``redline serve`` worker takes them — at least 200 reports/s — and the same in the bench's own
  process beside it; in batches of 100 (``submit_many``) — at least 300 reports/s; each also per
  CPU-second of the submitting process, which load moves less; and one report per transaction from
  two processes at once, as ``redline serve``'s two workers take them (a figure to read beside the
  single stream's, not a replacement for it);
- public search (``GET /advisories.json`` with text and filters, count and first
  page) over ``--reports`` published advisories — p95 at most 100 ms;
- a duplicate suggestion with that many reports in the index — at most 50 ms —
  from the database index, beside the per-process in-memory index it replaced,
  on the same near-copies in the same run;
- peak memory (max RSS);
- on SQLite, with the checkpointer thread ``redline serve`` runs (:mod:`redline.site.checkpoint`);
- on PostgreSQL, the ingest rate as a fraction of PostgreSQL's own ``COPY`` of
  the same report rows in the same run.
"""

from __future__ import annotations

import dataclasses
import os
import queue
import random
import resource
import secrets
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass

WORDS = [f"{a}{b}" for a in ("ka", "lo", "mi", "ne", "po", "ru", "sa", "ti", "vu", "ze", "bra", "cre", "dro", "fli",
                              "glo", "pra", "stu", "tri")
         for b in ("ban", "cor", "dex", "fin", "gal", "hol", "jit", "kum", "lar", "mon", "nix", "opt", "pel",
                   "qua", "rix", "sol", "tam", "ulm", "vex", "wor", "xan", "yol", "zep", "arc", "bel", "cid",
                   "dun", "eft", "fey", "gim")]
TOPICS = ["jailbreak", "role-play", "prompt injection", "system prompt leak", "malware", "phishing", "deepfake",
          "voice clone", "synthesis route", "fine-tuning removes refusals", "data extraction", "watermark removal"]


@dataclass
class Figure:
    name: str
    value: str
    target: str
    met: bool | None


#: The CUE entries the population and the submissions are filed under.
CUES = ["CUE-0050", "CUE-0006", "CUE-0013", "CUE-0002"]


def _text(rng: random.Random, n: int) -> str:
    # Zipf-like: a few words are common, most are rare, as in real report text.
    return " ".join(WORDS[min(int(rng.paretovariate(1.1)) - 1, len(WORDS) - 1) * 7 % len(WORDS)]
                    if rng.random() < 0.5 else rng.choice(WORDS) for _ in range(n))


def _doc(rng: random.Random, i: int) -> tuple[str, str]:
    topic = rng.choice(TOPICS)
    return f"{topic} {rng.choice(WORDS)} {i}", f"The model shows {topic}. " + _text(rng, 40)


def _load() -> float:
    return os.getloadavg()[0]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _setup_database(postgres: str | None) -> tuple[str, str | None, str]:
    """Point Django at a fresh database; returns (label, url to drop or None, data dir)."""
    data_dir = tempfile.mkdtemp(prefix="redline-bench-")
    os.environ["REDLINE_DATA_DIR"] = data_dir
    os.environ.setdefault("REDLINE_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["REDLINE_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["REDLINE_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    if not postgres:
        from redline.site.checkpoint import SERVED_AUTOCHECKPOINT

        os.environ.pop("DATABASE_URL", None)
        # As under `redline serve`: a checkpointer thread copies the log back (started in run()).
        os.environ.setdefault("REDLINE_SQLITE_AUTOCHECKPOINT", str(SERVED_AUTOCHECKPOINT))
        return "SQLite (WAL)", None, data_dir
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(postgres)
    name = f"redline_bench_{os.getpid()}"
    admin = psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                            password=cfg["PASSWORD"] or None, dbname=cfg["NAME"] or "postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    base = postgres.rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    return "PostgreSQL", postgres, data_dir


def _drop(postgres: str) -> None:
    import dj_database_url
    import psycopg
    from django.db import connections

    connections.close_all()
    cfg = dj_database_url.parse(postgres)
    admin = psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                            password=cfg["PASSWORD"] or None, dbname=cfg["NAME"] or "postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "redline_bench_{os.getpid()}"')
    admin.close()


def _in_memory_suggest(memory, text: str, cues: list[str]) -> list[tuple[int, float]]:
    """What ``duplicates.suggest`` did before: query the process's own index, then check the rows exist."""
    from redline.disclosure.models import Report

    found = memory.query(text, cues=cues, k=10, min_score=0.35)
    rows = {r.pk: r for r in Report.objects.filter(pk__in=[int(s.key) for s in found]).select_related("advisory")
            .only("pk", "title", "signature", "advisory__public_id")}
    return [(int(s.key), s.score) for s in found if int(s.key) in rows][:5]


def _write_bands(connection, pairs) -> None:
    """The duplicate index's band rows, with the database's own bulk path (set-up only)."""
    from redline.disclosure import duplicates

    rows = duplicates.band_rows(pairs)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy("COPY disclosure_duplicateband (band, report_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cur.executemany("INSERT INTO disclosure_duplicateband (band, report_id) VALUES (%s, %s)", rows)


def _settle(connection) -> None:
    """End the set-up before anything is timed: the bulk load's write-ahead log copied back (SQLite)
    or its tables vacuumed and analysed and a checkpoint taken (PostgreSQL, so autovacuum does not
    start on them mid-measure), and the operating system's dirty pages written out."""
    from django.db import DatabaseError

    assert not connection.in_atomic_block
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("VACUUM ANALYZE")
            try:
                cur.execute("CHECKPOINT")
            except DatabaseError:  # needs a superuser (or pg_checkpoint): the server checkpoints on its own
                pass
        else:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()


def _submit_in_process(fields: list[dict], ready, results) -> None:
    """One process's part of a figure taken in fresh processes: the same database (the parent's
    environment), three untimed reports, then the submissions of ``fields`` one per transaction once
    every process is ready. Submissions come as their fields: unpickling one would import the models
    before Django is set up."""
    from redline.site.setup import configure

    configure()
    from django.db import connections

    from redline.disclosure import intake
    from redline.ledger.services import acting_as

    subs = [intake.Submission(**f) for f in fields]
    with acting_as("bench"):
        for i, sub in enumerate(subs[:3]):
            intake.submit_report(dataclasses.replace(sub, title=f"warm-up {i} {os.getpid()}"))
        ready.wait()
        t0, c0 = time.perf_counter(), time.process_time()  # perf_counter: CLOCK_MONOTONIC, one clock for all
        for sub in subs:
            intake.submit_report(sub)
        results.put((t0, time.perf_counter(), time.process_time() - c0))
    connections.close_all()


def _in_processes(subs: list, workers: int) -> tuple[float, float]:
    """Reports per second of ``subs`` submitted one per transaction by ``workers`` fresh processes at
    once, and per CPU-second of those processes."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # the children open their own; nothing of the parent's is shared
    ctx = multiprocessing.get_context("spawn")
    ready, results = ctx.Barrier(workers), ctx.Queue()
    share = len(subs) // workers
    procs = [ctx.Process(target=_submit_in_process, args=([dict(vars(s)) for s in subs[i * share:(i + 1) * share]],
                                                            ready, results)) for i in range(workers)]
    for proc in procs:
        proc.start()
    spans: list[tuple[float, float, float]] = []
    while len(spans) < workers:
        try:
            spans.append(results.get(timeout=1))
        except queue.Empty:
            if any(proc.exitcode for proc in procs):
                ready.abort()
                raise RuntimeError("a submitting process failed (its error is above)") from None
    for proc in procs:
        proc.join()
    wall = max(end for _s, end, _c in spans) - min(start for start, _e, _c in spans)
    return share * workers / wall, share * workers / sum(cpu for _s, _e, cpu in spans)


def run(reports: int, ingest: int, queries: int, postgres: str | None, log) -> tuple[str, list[Figure]]:
    label, drop_url, data_dir = _setup_database(postgres)
    checkpointer = None
    try:
        from redline.site.setup import configure

        configure()
        from redline.site.checkpoint import start_for_default_database

        checkpointer = start_for_default_database()  # SQLite: what `redline serve` runs beside its workers
        return label, _measure(reports, ingest, queries, log)
    finally:
        if checkpointer:
            checkpointer.stop()
        if drop_url:
            _drop(drop_url)
        else:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)  # the SQLite database of 200,000 reports is about 1 GB


def populate(reports: int, queries: int, rng: random.Random, log):
    """Migrate and bulk-load ``reports`` published advisories (the search and duplicate-index size), with
    five vendors of two models each; returns (organisations, models, terms, probe texts, the in-memory
    index of before, seconds). Set-up, not timed against a target; experiments reuse it."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from redline.accounts.services import create_organisation
    from redline.core.dedup import DuplicateIndex
    from redline.disclosure import duplicates, intake
    from redline.disclosure.models import Advisory, Report
    from redline.registry.models import AIModel

    log("migrating a fresh database")
    call_command("migrate", interactive=False, verbosity=0)
    orgs = [create_organisation(f"Vendor {i}", "developer", slug=f"vendor-{i}") for i in range(5)]
    models = [AIModel.objects.create(organisation=o, slug=f"model-{j}", name=f"Model {j}") for o in orgs
              for j in range(2)]
    terms = intake.ensure_terms()

    # 1. bulk-load the published population (the search and duplicate-index size)
    log(f"loading {reports:,} published advisories")
    now = timezone.now()
    t0 = time.perf_counter()
    hasher = duplicates.hasher()
    memory = DuplicateIndex()  # the per-process index of before, for the side-by-side figure
    batch = 5000
    seq = 0
    probes: list[tuple[str, str]] = []  # stored texts to query near-copies of, and their CUE
    every = max(1, reports // max(1, queries))
    for start in range(0, reports, batch):
        rows, advs, sigs, fresh = [], [], [], []
        for i in range(start, min(reports, start + batch)):
            title, desc = _doc(rng, i)
            if i % every == 0:
                fresh.append((i - start, duplicates.text_of(title, desc)))
            sig = hasher.signature(duplicates.text_of(title, desc))
            sigs.append(sig)
            rows.append(Report(kind="vulnerability", title=title, description=desc, severity=rng.choice(
                ["low", "medium", "high", "critical"]), submitted_at=now, signature=sig,
                affected_systems=[{"vendor": "Vendor", "model": "Model"}]))
        with transaction.atomic():
            Report.objects.bulk_create(rows, batch_size=1000)
            if not rows[0].pk:  # SQLite before RETURNING support would not set it; fetch them back
                rows = list(Report.objects.order_by("-pk")[: len(rows)])[::-1]
            for r in rows:
                seq += 1
                advs.append(Advisory(public_id=f"RL-2025-{seq:06d}", year=2025, sequence=seq, report=r,
                                     state="published", published_at=now, kind=r.kind, severity=r.severity,
                                     title=r.title, search_text=f"{r.title}\n{r.description}",
                                     public={"public_id": f"RL-2025-{seq:06d}", "title": r.title, "kind": r.kind,
                                             "severity": r.severity, "published": now.date().isoformat(),
                                             "description": r.description, "affected": [], "cue_ids": []}))
            Advisory.objects.bulk_create(advs, batch_size=1000)
            through = Advisory.organisations.through
            through.objects.bulk_create([through(advisory_id=a.pk, organisation_id=rng.choice(orgs).pk)
                                         for a in advs], batch_size=2000)
            mthrough = Advisory.ai_models.through
            mthrough.objects.bulk_create([mthrough(advisory_id=a.pk, aimodel_id=rng.choice(models).pk)
                                          for a in advs], batch_size=2000)
            if connection.vendor == "sqlite":
                with connection.cursor() as cur:
                    cur.executemany("INSERT INTO disclosure_advisory_fts (rowid, search_text) VALUES (%s, %s)",
                                    [(a.pk, a.search_text) for a in advs])
            _write_bands(connection, [(r.pk, sig) for r, sig in zip(rows, sigs, strict=True)])
            ct = Report.cue_entries.through
            chosen = [rng.choice(CUES) for _ in rows]
            ct.objects.bulk_create([ct(report_id=r.pk, cueentry_id=c) for r, c in zip(rows, chosen, strict=True)],
                                   batch_size=2000)
        for r, sig, cue in zip(rows, sigs, chosen, strict=True):
            memory.add_signature(str(r.pk), sig, model=None, cues=[cue])
        probes += [(text, chosen[j]) for j, text in fresh]
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("UPDATE disclosure_advisory SET search_vector = "
                        "to_tsvector('english'::regconfig, COALESCE(search_text, ''))")
    return orgs, models, terms, probes, memory, time.perf_counter() - t0


def _measure(reports: int, ingest: int, queries: int, log) -> list[Figure]:
    from django.db import connection
    from django.test import Client

    from redline.disclosure import duplicates, intake
    from redline.disclosure.models import Advisory, Report
    from redline.ledger.services import acting_as
    from redline.site import serving

    rng = random.Random(42)
    figures: list[Figure] = []
    orgs, models, terms, probes, memory, load_s = populate(reports, queries, rng, log)
    _settle(connection)
    figures.append(Figure("bulk load of the published population (setup, not a target)",
                          f"{reports:,} in {load_s:.0f} s", "—", None))

    # 2. ingest through the service layer, with duplicate suggestion and indexing
    log(f"ingesting {ingest:,} reports through submit_report")
    subs = []
    for i in range(ingest):
        title, desc = _doc(rng, reports + i)
        subs.append(intake.Submission(title=title, description=desc, models=[
            f"{m.organisation.slug}/{m.slug}" for m in [rng.choice(models)]], cue_ids=[rng.choice(CUES)],
            accepted_terms=terms.version, reporter_email="bench@example.org"))
    # The target's figure is taken in a fresh process, as a `redline serve` worker takes reports (the
    # parent's checkpointer thread serves it, as serve's does its workers); the same stream in this
    # process, which made the 200,000 and holds their in-memory index, is given beside it.
    n = max(1, ingest // 6)  # three streams of one per transaction; the other half goes in batches
    single, fresh, together = subs[:n], subs[n:2 * n], subs[2 * n:3 * n]
    with acting_as("bench"):  # untimed: the first reports compile and cache what every later one reuses
        for i, sub in enumerate(subs[:5]):
            intake.submit_report(dataclasses.replace(sub, title=f"warm-up {i}"))
    load0 = _load()
    log(f"ingesting {len(fresh):,} reports one per transaction in a fresh process")
    one_rate, one_cpu = _in_processes(fresh, 1)
    figures.append(Figure("ingest one report per transaction (form / API / CLI path), in a fresh process as a "
                          "server worker", f"{one_rate:,.0f} reports/s ({one_cpu:,.0f} per CPU-second of that "
                          f"process; load {load0:.2f} → {_load():.2f})", "≥ 200 reports/s", one_rate >= 200))
    t0, c0, load0 = time.perf_counter(), time.process_time(), _load()
    with acting_as("bench"):
        for sub in single:
            intake.submit_report(sub)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    figures.append(Figure("the same, in the bench's own process (after the bulk load)",
                          f"{len(single) / wall:,.0f} reports/s ({len(single) / cpu:,.0f} per CPU-second; load "
                          f"{load0:.2f} → {_load():.2f})", "report", None))
    load0 = _load()
    log(f"ingesting {len(together):,} reports one per transaction from {serving.WORKERS} processes at once")
    both, _cpu = _in_processes(together, serving.WORKERS)
    figures.append(Figure(f"ingest one report per transaction, {serving.WORKERS} processes at once (as "
                          "`redline serve`'s workers)", f"{both:,.0f} reports/s together (load {load0:.2f} → {_load():.2f})",
                          "report", None))
    rest = subs[3 * n:]
    t0, c0, load0 = time.perf_counter(), time.process_time(), _load()
    with acting_as("bench"):
        for start in range(0, len(rest), 100):
            intake.submit_many(rest[start:start + 100])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rate = len(rest) / wall
    figures.append(Figure("ingest in batches of 100 (submit_many; incl. duplicate suggestion, indexing, ledger)",
                          f"{rate:,.0f} reports/s ({len(rest) / cpu:,.0f} per CPU-second; load {load0:.2f} → "
                          f"{_load():.2f})", "≥ 300 reports/s", rate >= 300))

    # 3. PostgreSQL's own COPY of the same rows, for the ratio
    if connection.vendor == "postgresql":
        cols = ", ".join(f'"{f.column}"' for f in Report._meta.concrete_fields if f.column != "id")
        with connection.cursor() as cur:
            raw = cur.cursor
            with raw.copy(f"COPY (SELECT {cols} FROM disclosure_report ORDER BY id DESC LIMIT {ingest}) "
                          "TO STDOUT") as out:
                data = b"".join(bytes(chunk) for chunk in out)
            cur.execute("CREATE TEMP TABLE bench_copy (LIKE disclosure_report INCLUDING ALL)")
            t0 = time.perf_counter()
            with raw.copy(f"COPY bench_copy ({cols}) FROM STDIN") as into:
                into.write(data)
            copy_s = time.perf_counter() - t0
        copy_rate = ingest / copy_s
        figures.append(Figure("PostgreSQL COPY of the same report rows", f"{copy_rate:,.0f} rows/s", "—", None))
        figures.append(Figure("batched ingest rate ÷ COPY rate",
                              f"{rate / copy_rate:.4f} (1 : {copy_rate / rate:,.0f})", "report", None))
    else:
        figures.append(Figure("ingest rate ÷ PostgreSQL COPY", "n/a on SQLite (run with --postgres)", "report",
                              None))

    # 4. public search through the JSON twin
    log(f"{queries} public searches over {Advisory.objects.filter(state='published').count():,} advisories")
    client = Client()
    client.get("/advisories.json?q=warmup")
    load0 = _load()
    times = []
    for i in range(queries):
        params: dict[str, str] = {"q": rng.choice(WORDS) if i % 3 else f"{rng.choice(WORDS)} {rng.choice(WORDS)}"}
        if i % 4 == 1:
            params["organisation"] = rng.choice(orgs).slug
        if i % 4 == 2:
            params["severity"] = "high"
        if i % 5 == 3:
            params = {"q": rng.choice(TOPICS).split()[0]}  # a very common term
        t0 = time.perf_counter()
        response = client.get("/advisories.json", params)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.content[:200]
    p95 = _pct(times, 0.95)
    figures.append(Figure("public search p95 (text + filters, count + first page)",
                          f"{p95:.1f} ms (median {statistics.median(times):.1f} ms; load {load0:.2f} → "
                          f"{_load():.2f})", "≤ 100 ms", p95 <= 100))

    # 5. duplicate suggestion at that size: the database index, and the per-process index of before
    log("duplicate suggestions")
    memory.load((str(pk), bytes(sig), None, []) for pk, sig in Report.objects.filter(
        pk__gt=max(int(k) for k in memory._ids), signature__isnull=False).values_list("pk", "signature"))
    dtimes, mtimes, same, found, load0 = [], [], 0, 0, _load()
    for i, (text, cue) in enumerate(probes[:queries]):
        words = text.split()
        words[len(words) // 2] = "changed"  # a light edit of a stored report: a true near-duplicate
        text = " ".join(words)
        t0 = time.perf_counter()
        ours = duplicates.suggest(text, model=None, cues=[cue])
        t1 = time.perf_counter()
        theirs = _in_memory_suggest(memory, text, [cue])
        t2 = time.perf_counter()
        (dtimes, mtimes)[i % 2].append((t1 - t0) * 1000)  # alternate which is timed first, fairly
        (mtimes, dtimes)[i % 2].append((t2 - t1) * 1000)
        found += bool(ours)
        same += [(s.report_id, s.score) for s in ours] == theirs
    dp95, mp95 = _pct(dtimes, 0.95), _pct(mtimes, 0.95)
    n = Report.objects.filter(signature__isnull=False).count()
    figures.append(Figure(f"duplicate suggestion, database index, {n:,} reports indexed",
                          f"p95 {dp95:.1f} ms (median {statistics.median(dtimes):.1f} ms); {found} of "
                          f"{len(dtimes)} near-copies found; load {load0:.2f} → {_load():.2f}", "≤ 50 ms",
                          dp95 <= 50))
    figures.append(Figure("duplicate suggestion, per-process in-memory index of before (same run)",
                          f"p95 {mp95:.1f} ms (median {statistics.median(mtimes):.1f} ms); same suggestions "
                          f"{same} of {len(dtimes)}", "report", None))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures.append(Figure("peak memory (max RSS)", f"{peak:,.0f} MiB", "report", None))
    return figures

