"""Hugging Face model-card import through the service, the CLI and the upload form.

Every file in tests/fixtures/hf-cards either imports (fields filled, raw card and its sha256 kept)
or is refused with a message naming the problem, and a refused card writes nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

CARDS = Path(__file__).resolve().parents[1] / "fixtures" / "hf-cards"
ALL_FILES = sorted(p.name for p in CARDS.iterdir() if p.is_file())

#: file -> expected outcome: ("ok", fields, warning fragment or None) or ("refused", message fragment)
EXPECTED = {
    "LICENSE": ("ok", {}, "no metadata"),
    "README.md": ("ok", {}, "no metadata"),
    "sample_invalid_card_data.md": ("refused", "must be a mapping"),
    "sample_invalid_model_index.md": ("ok", {"licence": "mit", "modality": "image"}, "model-index is invalid"),
    "sample_no_metadata.md": ("ok", {"name": "MyCoolModel"}, "no metadata"),
    "sample_simple.md": ("ok", {"licence": "mit", "modality": "image", "name": "my-cool-model"}, None),
    "sample_simple_model_index.md": ("ok", {"licence": "mit", "modality": "image"}, None),
    "sample_windows_line_breaks.md": ("ok", {"licence": "mit", "name": "Hello old Windows line breaks"}, None),
}


def test_every_fixture_has_an_expectation():
    assert set(ALL_FILES) == set(EXPECTED)


def _text(name: str) -> str:
    return (CARDS / name).read_text(encoding="utf-8")


def _check_imported(model, name: str) -> None:
    _, fields, warning = EXPECTED[name]
    normalised = _text(name).replace("\r\n", "\n")
    assert model.card_raw == normalised
    assert model.card_sha256 == hashlib.sha256(normalised.encode()).hexdigest()
    for key, value in fields.items():
        assert getattr(model, key) == value, key
    warnings = model.card_data["warnings"]
    if warning:
        assert any(warning in w for w in warnings), warnings
    else:
        assert warnings == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_FILES)
def test_import_through_the_service(developer, operator, name):
    from redline.core.errors import InvalidInput
    from redline.registry.models import AIModel
    from redline.registry.services import import_hf_card

    outcome = EXPECTED[name]
    if outcome[0] == "refused":
        with pytest.raises(InvalidInput) as exc:
            import_hf_card(operator, developer, _text(name), slug="imported", source=name)
        assert name in str(exc.value) and outcome[1] in str(exc.value)
        assert AIModel.objects.count() == 0
        return
    model, info, created = import_hf_card(operator, developer, _text(name), slug="imported", source=name)
    assert created and model.full_slug == "acme/imported"
    _check_imported(AIModel.objects.get(pk=model.pk), name)


@pytest.mark.django_db
def test_model_index_eval_results_are_kept(developer, operator):
    from redline.registry.services import import_hf_card

    model, info, _ = import_hf_card(operator, developer, _text("sample_simple_model_index.md"), slug="mi")
    assert [(r["metric"], r["value"]) for r in model.card_data["eval_results"]] == [("accuracy", 0.9), ("f1", 0.66)]
    assert model.tags == ["pytorch", "image-classification"]


@pytest.mark.django_db
def test_reimport_updates_the_same_model(developer, operator, make_model):
    from redline.registry.services import import_hf_card

    existing = make_model(developer, name="Cool", slug="cool", summary="kept until the card says otherwise")
    model, _, created = import_hf_card(operator, developer, _text("sample_simple.md"), slug="cool")
    assert not created and model.pk == existing.pk
    assert model.licence == "mit" and model.name == "Cool"


@pytest.mark.django_db
def test_refused_reimport_leaves_the_model_as_it_was(developer, operator):
    from redline.core.errors import InvalidInput
    from redline.ledger.models import LedgerEntry
    from redline.registry.models import AIModel
    from redline.registry.services import import_hf_card

    model, _, _ = import_hf_card(operator, developer, _text("sample_simple.md"), slug="cool")
    entries = LedgerEntry.objects.count()
    with pytest.raises(InvalidInput):
        import_hf_card(operator, developer, _text("sample_invalid_card_data.md"), slug="cool")
    assert AIModel.objects.get(pk=model.pk).card_sha256 == model.card_sha256
    assert LedgerEntry.objects.count() == entries


@pytest.mark.django_db
def test_invalid_yaml_is_refused_naming_the_file(developer, operator):
    from redline.core.errors import InvalidInput
    from redline.registry.services import import_hf_card

    with pytest.raises(InvalidInput, match=r"broken\.md: .*YAML"):
        import_hf_card(operator, developer, "---\nlicense: [mit\n---\n# Broken\n", source="broken.md")


# --- the CLI ---------------------------------------------------------------------------


@pytest.fixture
def cli(db, redline_cli):
    def invoke(*args: str):
        code, out, err = redline_cli(*args)
        return code, " ".join((out + err).split())  # rich wraps long lines at the console width

    return invoke


@pytest.mark.parametrize("name", ALL_FILES)
def test_import_through_the_cli(cli, developer, name):
    from redline.registry.models import AIModel

    outcome = EXPECTED[name]
    code, output = cli("import", "hf-card", str(CARDS / name), "--model", "acme/from-cli")
    if outcome[0] == "refused":
        assert code == 2
        assert output.startswith("error: ") and outcome[1] in output and "Traceback" not in output
        assert AIModel.objects.count() == 0
        return
    assert code == 0, output
    assert "created acme/from-cli" in output
    if outcome[2]:
        assert "warning" in output
    _check_imported(AIModel.objects.get(slug="from-cli"), name)


def test_cli_refuses_unknown_org_and_missing_file(cli, developer, tmp_path):
    for args, message in [((str(CARDS / "sample_simple.md"), "--model", "nobody/x"), "no organisation 'nobody'"),
                          ((str(tmp_path / "missing.md"), "--model", "acme/x"), "no such file"),
                          ((str(CARDS / "sample_simple.md"), "--model", "no-slash"), "ORG/NAME")]:
        code, output = cli("import", "hf-card", *args)
        assert code != 0 and message in output
        assert "Traceback" not in output


# --- the upload form -------------------------------------------------------------------


@pytest.fixture
def member_client(client, developer, make_user):
    client.force_login(make_user(developer))
    return client


def _upload(client, org, name: str, content: bytes | None = None, slug: str = ""):
    data = content if content is not None else (CARDS / name).read_bytes()
    return client.post("/models/import-card/", {"organisation": org.pk, "slug": slug,
                                                "card": SimpleUploadedFile(name, data, "text/markdown")})


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in ALL_FILES if n.endswith(".md")])
def test_import_through_the_upload_form(member_client, developer, name):
    from redline.registry.models import AIModel

    outcome = EXPECTED[name]
    response = _upload(member_client, developer, name, slug="uploaded")
    if outcome[0] == "refused":
        assert response.status_code == 400
        assert outcome[1] in " ".join(response.context["form"].errors["card"])
        assert AIModel.objects.count() == 0
        return
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert response["Location"] == "/models/acme/uploaded/"
    _check_imported(AIModel.objects.get(slug="uploaded"), name)
    page = member_client.get("/models/acme/uploaded/").content.decode()
    if outcome[2]:
        assert "Imported with a warning" in page
    assert member_client.get("/models/acme/uploaded/card.md").content.decode() == AIModel.objects.get(
        slug="uploaded").card_raw


@pytest.mark.django_db
@pytest.mark.parametrize("name,content,message", [
    ("card.pdf", b"%PDF", "upload a Markdown file"),
    ("card.md", b"\xff\xfe\x00bad", "not UTF-8"),
    ("card.md", b"x" * (512 * 1024 + 1), "larger than 512 KiB"),
])
def test_upload_form_refuses_bad_files(member_client, developer, name, content, message):
    from redline.registry.models import AIModel

    response = _upload(member_client, developer, name, content)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["card"])
    assert AIModel.objects.count() == 0


@pytest.mark.django_db
def test_upload_form_needs_a_name_when_the_card_has_no_title(member_client, developer):
    response = _upload(member_client, developer, "untitled.md", b"---\nlicense: mit\n---\nNo heading here.\n")
    assert response.status_code == 400
    assert "no title" in str(response.context["form"].errors)


@pytest.mark.django_db
def test_api_card_import(api_client, developer, make_user, make_token):
    token = make_token(make_user(developer))
    response = api_client("post", "/api/model-cards", token,
                          json={"organisation": "acme", "card": _text("sample_invalid_model_index.md"),
                                "slug": "via-api"})
    assert response.status_code == 201, response.content
    assert response.json()["created"] is True
    assert "model-index" in response.json()["warnings"][0]
    response = api_client("post", "/api/model-cards", token,
                          json={"organisation": "acme", "card": _text("sample_invalid_card_data.md")})
    assert response.status_code == 422
    assert "mapping" in response.json()["detail"]


@pytest.mark.django_db
def test_upload_with_a_byte_order_mark_keeps_the_metadata(member_client, developer):
    from redline.registry.models import AIModel

    content = "\ufeff".encode() + (CARDS / "sample_simple.md").read_bytes()
    response = _upload(member_client, developer, "bom.md", content, slug="bom")
    assert response.status_code == 302
    assert AIModel.objects.get(slug="bom").licence == "mit"
