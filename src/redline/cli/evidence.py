"""``redline import inspect|lm-eval|garak|campaign``, ``redline verify-signatures``, ``redline reviewer
keygen|sign`` and ``redline recompute-verdicts``.

``reviewer`` commands need no server or database.
"""

import json
from pathlib import Path

import typer

from redline.cli._common import console, err_console, setup_django
from redline.core.errors import InvalidInput

reviewer_app = typer.Typer(help="Reviewer keys and signatures (offline; no server needed).", no_args_is_help=True)


def model_ref(ref: str):
    if "/" not in ref:
        raise InvalidInput("--model", "give ORG/NAME, e.g. openforge/forge-8b")
    from redline.registry.models import AIModel

    org, _, slug = ref.partition("/")
    model = AIModel.objects.select_related("organisation").filter(organisation__slug=org, slug=slug).first()
    if model is None:
        raise InvalidInput("model", f"no model {ref!r}")
    return model


def _operator():
    from redline.cli._common import cli_operator

    return cli_operator()


def _run_import(kind: str, path: Path, model_name: str, elicitation: str | None, ran_by: str | None,
                tolerance: float, validity_days: int | None, as_json: bool, record_json: str | None = None,
                model_alias: list[str] | None = None) -> None:
    from rich.markup import escape
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    record = None
    if record_json:
        try:
            record = json.loads(record_json)
        except json.JSONDecodeError as exc:
            raise InvalidInput("--elicitation-record", f"not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InvalidInput("--elicitation-record", "give a JSON object")
    if not path.is_file():
        raise InvalidInput(path, "no such file")
    from redline.core.evidence import parse_aliases

    aliases = parse_aliases(model_alias, field="--model-alias")
    setup_django()
    from redline.accounts.models import Organisation
    from redline.evidence.services import import_file
    from redline.ledger.services import acting_as

    model = model_ref(model_name)
    org = None
    if ran_by:
        org = Organisation.objects.filter(slug=ran_by).first()
        if org is None:
            raise InvalidInput("--ran-by", f"no organisation {ran_by!r}")
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console.get(), transient=True, disable=as_json) as progress:
        task = progress.add_task(f"importing {path.name}", total=2)

        def step(what: str) -> None:
            progress.update(task, description=f"{what} {path.name}", advance=0 if what == "reading" else 1)

        with acting_as("cli"):
            try:
                result = import_file(_operator(), model, path, kind=kind, elicitation_level=elicitation,
                                     elicitation=record, ran_by=org, tolerance=tolerance, validity_days=validity_days,
                                     model_alias=aliases, progress=step)
            except InvalidInput as exc:
                if exc.field == "model_alias":  # name the option the user can give
                    raise InvalidInput("--model-alias", exc.message) from None
                raise
        progress.update(task, completed=2)
    for warning in result.warnings:
        err_console.print(f"[bold yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    if as_json:
        typer.echo(json.dumps(result.summary(), ensure_ascii=False))
        return
    for e in result.evaluations:
        n = "not given in the file" if e.n is None else e.n
        estimate = "none (no scored sample)" if e.estimate is None else f"{e.estimate:.4g}"
        console.print(f"imported {escape(e.task)} / {escape(e.metric)}: samples {n}, estimate {estimate}, "
                      f"unscored {e.unscored}, errored {e.errored}")
        if e.model_alias:
            console.print(f"  model: {escape(e.model_check().describe())}", soft_wrap=True)
    for c in result.campaigns:
        console.print(f"imported campaign for safeguard {escape(c.safeguard)}: "
                      f"{'passes' if c.passed else 'fails'} its adequacy test (tolerance {c.tolerance})")
    for v in result.verdicts:
        console.print(f"verdict of {escape(v.version.commitment.name)} v{v.version.number}: [bold]{v.status}[/]")
    console.print(f"sha256 {result.sha256}")


def _import_command(kind: str):
    def command(
        path: Path = typer.Argument(..., help="The file to import."),
        model: str = typer.Option(..., "--model", help="ORG/NAME of the registered model."),
        elicitation: str | None = typer.Option(
            None, "--elicitation", help="Elicitation level: none, basic, moderate, strong or expert."),
        ran_by: str | None = typer.Option(None, "--ran-by", help="Slug of the organisation that ran it."),
        tolerance: float = typer.Option(0.05, "--tolerance", help="Campaigns: tolerated undetected success rate."),
        validity_days: int = typer.Option(365, "--validity-days", help="Evidence is current this many days."),
        record: str | None = typer.Option(
            None, "--elicitation-record",
            help='Elicitation record as JSON, e.g. \'{"scaffolding": "agent", "tools": ["python"], "effort_hours": 20, '
                 '"threat_actor_estimate": "strong"}\'.'),
        model_alias: list[str] = typer.Option(
            [], "--model-alias", metavar="SOURCE=ORG/NAME",
            help="SOURCE=ORG/NAME: the file names the model SOURCE (e.g. mockllm/model) and it is the model given "
                 "with --model; stored and shown on the verdict. Without it a file about another model is refused. "
                 "Repeatable."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        _run_import(kind, path, model, elicitation, ran_by, tolerance, validity_days, as_json, record, model_alias)

    command.__doc__ = {
        "inspect": "Import an Inspect AI log (.json or .eval) as evaluations of a model.",
        "lm-eval": "Import lm-evaluation-harness results JSON as evaluations of a model.",
        "garak": "Import a garak report (JSONL) as evaluations of a model.",
        "campaign": "Import a safeguard red-team campaign (CSV or JSONL) and test the safeguard's adequacy.",
    }[kind]
    return command


#: ``redline import KIND`` for each evidence format (registered in :mod:`redline.cli.main`).
IMPORT_COMMANDS = {kind: _import_command(kind) for kind in ("inspect", "lm-eval", "garak", "campaign")}


def verify_signatures(
    model: str | None = typer.Option(None, "--model", help="Only this model (ORG/NAME)."),
) -> None:
    """Check every stored approval's and safety-case assessment's Ed25519 signature offline against the stored keys."""
    from rich.markup import escape

    setup_django()
    from redline.commitments.models import Approval
    from redline.commitments.services import verify_approval

    approvals = Approval.objects.select_related("version__commitment__model__organisation", "key", "reviewer")
    if model:
        approvals = approvals.filter(version__commitment__model=model_ref(model))
    bad = []
    count = 0
    for approval in approvals.order_by("pk"):
        count += 1
        problem = verify_approval(approval)
        if problem:
            v = approval.version
            bad.append(f"approval {approval.pk} by {approval.reviewer.email} of {v.commitment.model.full_slug} "
                       f"'{v.commitment.name}' v{v.number}: {problem}")
    from redline.safety_cases.models import Assessment
    from redline.safety_cases.services import verify_assessment

    assessments = Assessment.objects.select_related("case__model__organisation", "key", "assessor")
    if model:
        assessments = assessments.filter(case__model=model_ref(model))
    signed = 0
    for assessment in assessments.order_by("pk"):
        signed += 1
        problem = verify_assessment(assessment)
        if problem:
            c = assessment.case
            bad.append(f"assessment {assessment.pk} by {assessment.assessor.email} of safety case "
                       f"{c.model.full_slug}/{c.slug} revision {assessment.revision}: {problem}")
    for line in bad:
        err_console.print(f"[bold red]bad signature:[/] {escape(line)}", highlight=False, soft_wrap=True)
    if bad:
        raise typer.Exit(1)
    console.print(f"{count} approval signature(s) verify; {signed} safety-case assessment signature(s) verify.")


@reviewer_app.command("keygen")
def keygen(out: Path = typer.Option(..., "--out", help="Where to write the private key (PEM).")) -> None:
    """Write a new Ed25519 private key to --out and print the public key to register."""
    from redline.core import signing

    if out.exists():
        raise InvalidInput("--out", f"{out} exists; refusing to overwrite a key")
    key = signing.generate_private_key()
    out.write_text(signing.private_key_to_pem(key), encoding="ascii")
    out.chmod(0o600)
    console.print(f"private key written to {out} (keep it secret)")
    typer.echo(signing.public_key_to_b64(key.public_key()))


@reviewer_app.command("sign")
def sign(
    version_json: Path = typer.Argument(..., help="The version's spec JSON (download it from its page)."),
    key: Path = typer.Option(..., "--key", help="Your private key (PEM) from 'redline reviewer keygen'."),
) -> None:
    """Print the base64 Ed25519 signature over the canonical JSON of a commitment version."""
    from redline.core import signing

    try:
        data = json.loads(version_json.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(version_json.name, f"not a readable JSON file ({exc})") from None
    spec = data.get("spec", data) if isinstance(data, dict) else data
    try:
        key_text = key.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        raise InvalidInput("--key", f"cannot read {key}") from None
    typer.echo(signing.sign(spec, signing.load_private_key(key_text)))


def recompute_verdicts(
    model: str | None = typer.Option(None, "--model", help="Only this model (ORG/NAME)."),
) -> None:
    """Recompute every stored verdict (e.g. after evidence expired); prints the count per verdict."""
    setup_django()
    from redline.evidence.models import StoredVerdict
    from redline.evidence.services import recompute_model
    from redline.ledger.services import acting_as
    from redline.registry.models import AIModel

    models = [model_ref(model)] if model else list(AIModel.objects.filter(commitments__isnull=False).distinct())
    with acting_as("cli"):
        total = sum(recompute_model(m) for m in models)
    counts: dict[str, int] = {}
    for status in StoredVerdict.objects.filter(evaluation__model__in=models).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    console.print(f"{total} verdict(s) recomputed: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
