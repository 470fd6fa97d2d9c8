"""The supply-chain fields (issue 16): checked by the service, written by admins only, on the edit page,
the API and the model page, and ledgered."""

from __future__ import annotations

import pytest

from redline.core.errors import InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db

CHAIN = {"architecture": "Decoder-only transformer", "key_algorithms": "Next-token prediction",
         "training_stages": ["pre-training", "fine-tuning"], "components": ["tokenizer", "weights"],
         "data_origins": [{"name": "Common Pile", "kind": "public dataset", "url": "https://example.org/cp",
                           "size": "1T tokens"}],
         "third_party_components": [{"name": "PyTorch", "version": "2.9", "licence": "BSD-3-Clause"}],
         "crawler": {"name": "AcmeBot", "opt_out_url": "https://acme.test/bot"},
         "compute": {"training_flop": "3e25", "hardware": "1,024 H100"}}


@pytest.fixture
def acme(make_org, make_user, make_model):
    org = make_org("developer", name="Acme", slug="acme")
    return {"org": org, "model": make_model(org, name="Acme 7B", slug="acme-7b"),
            "admin": make_user(org, "admin", email="admin@acme.test"),
            "member": make_user(org, "member", email="member@acme.test")}


def test_an_admin_sets_the_supply_chain_and_the_ledger_records_it(acme):
    from redline.ledger.models import LedgerEntry
    from redline.registry.services import update_supply_chain

    before = LedgerEntry.objects.count()
    model = update_supply_chain(acme["admin"], acme["model"], **CHAIN)
    model.refresh_from_db()
    # PostgreSQL's jsonb hands 3e25 back as the integer 3×10^25: compare numbers as numbers
    assert float(model.compute["training_flop"]) == 3e25 and model.compute["hardware"] == "1,024 H100"
    assert model.crawler["name"] == "AcmeBot" and model.training_stages == ["pre-training", "fine-tuning"]
    assert LedgerEntry.objects.count() == before + 1


def test_a_member_may_not(acme):
    from redline.registry.services import update_supply_chain

    with pytest.raises(PermissionDenied):
        update_supply_chain(acme["member"], acme["model"], architecture="x")


@pytest.mark.parametrize("fields, field", [
    ({"data_origins": [{"name": "x", "kind": "stolen"}]}, "data_origins[0].kind"),
    ({"data_origins": [{"kind": "web crawl"}]}, "data_origins[0].name"),
    ({"crawler": {"name": "bot", "opt_out_url": "javascript:alert(1)"}}, "crawler.opt_out_url"),
    ({"compute": {"training_flop": "lots"}}, "compute.training_flop"),
    ({"compute": {"training_flop": -1}}, "compute.training_flop"),
    ({"weights_sha256": "abc"}, "weights_sha256"),
    ({"base_model_relation": "copied"}, "base_model_relation"),
    ({"training_stages": "pre-training"}, "training_stages"),
])
def test_bad_input_names_the_field_and_writes_nothing(acme, fields, field):
    from redline.registry.services import update_supply_chain

    with pytest.raises(InvalidInput) as caught:
        update_supply_chain(acme["admin"], acme["model"], **fields)
    assert caught.value.field == field
    acme["model"].refresh_from_db()
    assert acme["model"].data_origins == [] and acme["model"].compute == {}


def test_the_edit_page_shows_the_fieldset_to_admins_and_saves_it(acme, client):
    client.force_login(acme["member"])
    assert 'id="supply-chain"' not in client.get("/models/acme/acme-7b/edit/").content.decode()
    client.force_login(acme["admin"])
    page = client.get("/models/acme/acme-7b/edit/").content.decode()
    assert 'id="supply-chain"' in page
    data = {"name": "Acme 7B", "modality": "text", "visibility": "public",
            "sc-architecture": "Dense transformer", "sc-training_stages": "pre-training\nRLHF",
            "sc-data_origins": "Common Pile | public dataset | https://example.org/cp | 1T tokens",
            "sc-crawler_name": "AcmeBot", "sc-crawler_opt_out_url": "https://acme.test/bot",
            "sc-training_flop": "3e25"}
    response = client.post("/models/acme/acme-7b/edit/", data)
    assert response.status_code == 302
    acme["model"].refresh_from_db()
    assert acme["model"].data_origins == [{"name": "Common Pile", "kind": "public dataset",
                                           "url": "https://example.org/cp", "size": "1T tokens"}]
    assert acme["model"].training_stages == ["pre-training", "RLHF"]
    shown = client.get("/models/acme/acme-7b/").content.decode()
    assert "Supply chain" in shown and "Common Pile" in shown and "AcmeBot" in shown
    bad = client.post("/models/acme/acme-7b/edit/", {**data, "sc-data_origins": "x | stolen"})
    assert bad.status_code == 400 and "choose one of" in bad.content.decode()


def test_the_api_patches_it_for_admins_only(acme, api_client, make_token):
    ok = api_client("patch", "/api/models/acme/acme-7b", token=make_token(acme["admin"]),
                    json={"architecture": "Dense", "training_stages": ["one"]})
    assert ok.status_code == 200 and ok.json()["supply_chain"]["architecture"] == "Dense"
    refused = api_client("patch", "/api/models/acme/acme-7b", token=make_token(acme["member"]),
                         json={"architecture": "Other"})
    assert refused.status_code == 403
    bad = api_client("patch", "/api/models/acme/acme-7b", token=make_token(acme["admin"]),
                     json={"compute": {"training_flop": "lots"}})
    assert bad.status_code == 422 and bad.json()["field"] == "compute.training_flop"
