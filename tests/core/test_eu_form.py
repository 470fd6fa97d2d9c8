"""The EU GPAI Code of Practice Model Documentation Form: the shipped items and the generated form."""

import pytest

from redline.core.errors import InvalidInput
from redline.core.transparency import RECIPIENTS, generate_form, load_form
from redline.core.transparency.eu_form import FILLS, parse_form


def test_the_item_list_ships_with_its_source():
    form = load_form()
    assert form.published == "2025-07-10" and "Transparency Chapter" in form.source
    assert form.url.startswith("https://digital-strategy.ec.europa.eu/")
    assert len(form.items) == 39 and len({i.id for i in form.items}) == 39
    sections = list(dict.fromkeys(i.section for i in form.items))
    assert sections == ["Document information", "General information", "Model properties",
                        "Methods of distribution and licences", "Use", "Training process",
                        "Information on the data used for training, testing and validation",
                        "Computational resources (during training)", "Energy consumption (during training and "
                                                                     "inference)"]
    assert all(set(i.recipients) <= set(RECIPIENTS) and i.recipients for i in form.items)


def test_verified_recipients_are_the_compute_and_energy_items():
    form = load_form()
    verified = [i.number for i in form.items if i.verified]
    assert verified == ["7.1", "7.2", "8.1", "8.2", "8.3", "8.4"]
    assert all("downstream_providers" not in i.recipients for i in form.items if i.section.startswith(("Comp",
                                                                                                         "Energy")))
    lengths = {i.number: i.recommended_length for i in form.items if i.recommended_length}
    assert lengths == {"2.1": "20 words", "2.2": "100 words", "8.2": "100 words"}


def test_every_fill_names_an_item_of_the_form():
    ids = {i.id for i in load_form().items}
    assert set(FILLS) <= ids


def test_generated_form_from_records_and_own_entries(full_facts):
    items = {i.item.id: i for i in generate_form(full_facts)}
    assert len(items) == 39
    assert items["provider_name"].value == "Acme AI" and items["provider_name"].origin == "records"
    assert items["total_model_size"].value == "7.0×10^10 parameters"
    assert items["parameter_range"].value == "50-100B"
    assert items["union_release_date"].value == "2026-03-15" and items["union_release_date"].origin == "manual"
    assert items["training_compute"].value == "5.2×10^25 FLOPs"
    assert items["training_energy_method"].value == "metered at the cluster's power distribution units"
    assert items["design_specifications"].empty and items["design_specifications"].origin == ""
    as_json = items["training_time"].as_dict()
    assert as_json["recipients"] == ["ai_office", "national_competent_authorities"]
    assert as_json["recipients_verified"] is True and as_json["empty"] is False


def test_nothing_on_record_leaves_every_item_marked_empty():
    items = generate_form({})
    assert len(items) == 39 and all(i.empty and i.as_dict()["empty"] for i in items)


def test_an_own_entry_wins_over_records(full_facts):
    full_facts["eu_form"]["licence"] = "Apache-2.0, https://www.apache.org/licenses/LICENSE-2.0"
    licence = next(i for i in generate_form(full_facts) if i.item.id == "licence")
    assert licence.origin == "manual" and licence.value.startswith("Apache-2.0, https://")


def test_the_downstream_providers_version_leaves_out_what_they_do_not_receive(full_facts):
    ids = [i.item.id for i in generate_form(full_facts, recipient="downstream_providers")]
    assert "licence" in ids and "intended_uses" in ids and "data_provenance" in ids
    assert not {"training_compute", "training_energy", "decision_rationale", "data_points"} & set(ids)


def test_model_authenticity_uses_endpoints_or_weights_digest_not_the_card(full_facts):
    item = next(i for i in generate_form(full_facts) if i.item.id == "model_authenticity")
    assert item.empty
    full_facts["model"]["weights_sha256"] = "cd" * 32
    full_facts["deployments"][1]["channels"].append("https://api.acme.example/v1")
    item = next(i for i in generate_form(full_facts) if i.item.id == "model_authenticity")
    assert "https://api.acme.example/v1" in item.value and "cd" * 32 in item.value


@pytest.mark.parametrize("kwargs, facts, message", [
    (dict(recipient="press"), {}, "recipient: choose one of"),
    ({}, {"eu_form": {"colour": "blue"}}, "facts.eu_form: no form item 'colour'"),
])
def test_bad_requests(kwargs, facts, message):
    with pytest.raises(InvalidInput, match=message):
        generate_form(facts, **kwargs)


@pytest.mark.parametrize("data, message", [
    ([], "expected a mapping with a list of items"),
    ({"items": [{"id": "a", "number": "1", "section": "S", "name": "N", "recipients": ["press"],
                 "verified": True}]}, r"items\[0\].recipients: choose from"),
    ({"items": [{"id": "a", "number": "1", "section": "S", "name": "N", "recipients": ["ai_office"],
                 "verified": True}] * 2}, r"items\[1\].id: 'a' is used twice"),
    ({"items": [{"id": "a", "number": "1", "section": "S", "recipients": ["ai_office"], "verified": True}]},
     r"items\[0\].name: missing"),
    ({"items": [{"id": "a", "number": "1", "section": "S", "name": "N", "recipients": ["ai_office"]}]},
     r"items\[0\].verified: true or false"),
])
def test_parse_form_names_the_bad_field(data, message):
    with pytest.raises(InvalidInput, match=message):
        parse_form(data, source="form.yaml")
