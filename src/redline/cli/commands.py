"""Imports every CLI module so that its commands register on the root app."""

# Each line imports a module whose decorators add commands to redline.cli.main's apps.
from redline.cli.main import app  # noqa: E402,F401
from redline.cli.verdict import verdict  # noqa: E402

app.command("verdict")(verdict)
from redline.cli.main import app  # noqa: E402,F401,I001
from redline.cli.risk import risk_app  # noqa: E402
app.add_typer(risk_app, name="risk")
from redline.cli import ledger, registry, server, tokens  # noqa: E402,F401,I001
from redline.bench.risk import bench_risk  # noqa: E402,I001
from redline.cli.main import bench_app  # noqa: E402
bench_app.command("risk")(bench_risk)
from redline.cli import evidence as _evidence  # noqa: E402,I001
app.command("gate")(_evidence.gate)
app.command("verify-signatures")(_evidence.verify_signatures)
app.add_typer(_evidence.reviewer_app, name="reviewer")
from redline.cli import disclosure as _disclosure  # noqa: E402,F401,I001
from redline.bench.gate import bench_gate  # noqa: E402,I001
bench_app.command("gate")(bench_gate)
from redline.bench.disclosure import bench_disclosure  # noqa: E402,I001
bench_app.command("disclosure")(bench_disclosure)
app.command("recompute-verdicts")(_evidence.recompute_verdicts)
from redline.cli import estimates  # noqa: E402,F401,I001
from redline.cli.safety_case import safety_case_app  # noqa: E402,I001
app.add_typer(safety_case_app, name="safety-case")
