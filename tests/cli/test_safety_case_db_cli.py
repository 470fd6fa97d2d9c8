"""``redline safety-case import|export|refresh`` and ``redline verify-signatures`` over assessments."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli.main import app

_NAME = "redline_tests_world_fixtures"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).parents[1] / "commitments" / "world_fixtures.py")
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])
from redline_tests_world_fixtures import world  # noqa: E402,F401

SHARED_GSN = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "gsn").resolve()
runner = CliRunner()


@pytest.fixture
def django_ready(db):
    from redline.site import setup

    setup._READY["django"] = True


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.skipif(not SHARED_GSN.is_dir(), reason="shared gsn2x example folder is absent")
@pytest.mark.parametrize("files", [("issue396.yaml",), ("template/template.gsn.yaml", "template/instance.gsn.yaml"),
                                   ("bullet_lists.gsn.yaml",)])
def test_real_gsn2x_files_import_and_export_unchanged(django_ready, world, tmp_path, files):  # noqa: F811
    paths = [SHARED_GSN / f for f in files]
    r = run("safety-case", "import", *paths, "--model", "acme/acme-7b", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    slug = data["slug"]
    r = run("safety-case", "export", f"acme/acme-7b/{slug}", "--out", tmp_path / "out")
    assert r.exit_code == 0, r.output
    for path in paths:
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()
    before = run("safety-case", "check", *paths, "--json")
    after = run("safety-case", "check", *[tmp_path / "out" / p.name for p in paths], "--json")
    strip = lambda out: [(d["code"], d["node"]) for d in json.loads(out)["diagnostics"]]  # noqa: E731
    assert strip(before.output) == strip(after.output)


def test_import_refuses_errors_and_unknown_models(django_ready, world, tmp_path):  # noqa: F811
    bad = tmp_path / "bad.gsn.yaml"
    bad.write_text("G1:\n  text: top\n  supportedBy: [Sn9]\n")
    r = run("safety-case", "import", bad, "--model", "acme/acme-7b")
    assert r.exit_code == 1 and "C03" in r.output and "not imported" in r.output
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    r = run("safety-case", "import", empty, "--model", "acme/acme-7b")
    assert r.exit_code == 2 and "empty file" in r.output
    good = tmp_path / "good.yaml"
    good.write_text("G1:\n  text: top\n  undeveloped: true\n")
    r = run("safety-case", "import", good, "--model", "acme/nope")
    assert r.exit_code != 0 and "no model" in r.output
    r = run("safety-case", "export", "acme/acme-7b/nope", "--out", tmp_path)
    assert r.exit_code != 0 and "no safety case" in r.output


def test_verify_signatures_covers_assessments(django_ready, world, tmp_path):  # noqa: F811
    from redline.safety_cases import services
    from redline.safety_cases.models import Assessment

    case = services.import_case(world["admin"], world["model"], [("c.yaml", "G1:\n  text: top\n  supportedBy: [Sn1]\n"
                                                                            "Sn1:\n  text: evidence\n")])
    services.submit(world["admin"], case)
    a = services.assess(world["reviewer2"], case, "accepted", "fine")
    r = run("verify-signatures")
    assert r.exit_code == 0 and "1 safety-case assessment signature(s) verify" in r.output
    Assessment.objects.filter(pk=a.pk).update(signature=a.signature[:-4] + "AAA=")
    r = run("verify-signatures")
    assert r.exit_code == 1 and f"assessment {a.pk}" in r.output
    r = run("safety-case", "refresh")
    assert r.exit_code == 0 and "case(s) changed status" in r.output
