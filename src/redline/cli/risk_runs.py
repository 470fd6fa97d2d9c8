"""``redline risk store``: run a threat profile's attached risk model and keep the run."""

import json

import typer

from redline.cli._common import cli_operator, console, fail, setup_django


def store(
    profile_id: int = typer.Argument(..., help="The threat profile's id (see its page or the API)."),
    threshold_version: int = typer.Option(0, "--threshold-version", help="Judge against this in-force risk "
                                          "threshold version (its N and p); or give --threshold and --probability."),
    threshold: float = typer.Option(0.0, "--threshold", help="Harm level N in P(outcome ≥ N)."),
    probability: float = typer.Option(0.0, "--probability", help="The limit p (optional with --threshold)."),
    samples: int = typer.Option(1_000_000, "--samples", help="Monte Carlo samples."),
    seed: int = typer.Option(0, "--seed", help="Seed; the same seed gives the same result."),
    outer: int = typer.Option(0, "--outer", help="Epistemic draws for two-level Monte Carlo (with --inner)."),
    inner: int = typer.Option(0, "--inner", help="Aleatory draws per epistemic draw."),
    as_json: bool = typer.Option(False, "--json", help="Print the stored run as JSON."),
) -> None:
    """Run a threat profile's risk model on the server's database and store the run with its curve."""
    setup_django()
    from redline.commitments.models import CommitmentVersion, ThreatProfile
    from redline.ledger.services import acting_as
    from redline.risk_runs.serializers import run_dict
    from redline.risk_runs.services import run_profile

    profile = ThreatProfile.objects.select_related("model").filter(pk=profile_id).first()
    if profile is None:
        fail(f"no threat profile {profile_id}")
    version = None
    if threshold_version:
        version = CommitmentVersion.objects.filter(pk=threshold_version, commitment__threat_profile=profile).first()
        if version is None:
            fail(f"--threshold-version: no risk threshold {threshold_version} on profile {profile_id}")

    with acting_as("cli"), console.status("running the risk model…"):
        run = run_profile(cli_operator(), profile, threshold=threshold or None, probability=probability or None,
                          threshold_version=version, samples=samples, seed=seed, outer=outer or None,
                          inner=inner or None)
    if as_json:
        typer.echo(json.dumps(run_dict(run), indent=2))
        return
    verdict = run.verdict
    line = (f"{verdict['status'].upper()}: " if verdict else "") + (
        f"P(outcome ≥ {run.threshold:g}) ≈ {run.result['p_exceed']['estimate']:.3g} "
        f"(95% interval {run.result['p_exceed']['interval'][0]:.3g}–{run.result['p_exceed']['interval'][1]:.3g})")
    console.print(f"stored run {run.pk} of profile {profile_id}: {line}")
