"""docs/disclosure.md lists every intake limit, with the number the code enforces."""

from pathlib import Path

from redline.disclosure import intake

DOC = Path(__file__).parents[2] / "docs" / "disclosure.md"
NAMES = {"reporter_email": "reporter e-mail", "cue_ids": "CUE entries", "models": "affected models",
         "vendors": "`vendors`", "affected_systems": "`affected_systems`"}


def _rows() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- limits -->", 1)[1].split("<!-- /limits -->", 1)[0]
    rows = [line.strip("|").split("|") for line in table.strip().splitlines()[2:]]
    return {cells[0].strip(): cells[1].strip() for cells in rows}


def test_every_limit_is_documented_with_its_number():
    rows = _rows()

    def row_for(name: str) -> str:
        label = NAMES.get(name, name.replace("_", " "))
        found = [v for k, v in rows.items() if label in k]
        assert len(found) == 1, f"docs/disclosure.md: no single row for {name} ({label!r})"
        return found[0]

    for name, limit in intake.TEXT_LIMITS.items():
        assert row_for(name) == f"{limit:,} characters", name
    for name, (most, longest) in intake.LIST_LIMITS.items():
        assert row_for(name).startswith(f"{most} entries"), name
        assert f"{longest:,} characters" in row_for(name) or f"{longest:,}," in row_for(name), name
    assert f"label {intake.REFERENCE_LABEL_LIMIT}" in row_for("references")
    assert f"{intake.MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB" in rows["attachment"]
