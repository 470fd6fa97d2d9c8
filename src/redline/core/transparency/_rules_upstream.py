"""Crosswalk rules for FMTI's Upstream indicators (data, compute, methods, organisation)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redline.core.transparency import _text as t
from redline.core.transparency._rulebook import (
    Fill,
    card_section,
    model_label,
    rule,
)

_ORIGIN_METHODS = {"public dataset": "acquiring existing public datasets", "web crawl": "crawling the web",
                   "user data": "using data from its own products and services",
                   "licensed": "licensing data from third parties",
                   "human-generated": "having humans create or annotate data",
                   "synthetic": "generating data with models"}


def _origins(f, kind=None):
    rows = f["supply_chain"].get("data_origins") or []
    return [o for o in rows if kind is None or o.get("kind") == kind]


@rule(1, "Data acquisition methods", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.data_origins, each with its kind (web crawl, public dataset, licensed, user data, "
            "human-generated, synthetic)")
def _acquisition(f):
    kinds = sorted({o.get("kind") for o in _origins(f) if o.get("kind")})
    if not kinds:
        return None
    methods = [_ORIGIN_METHODS.get(k, k) for k in kinds]
    return Fill(f"Data for {model_label(f)} is acquired by {t.listing(methods)}; no other method is used.",
                t.urls(_origins(f)))


def _named_sources(f, kind: str, noun: str) -> Fill | None:
    rows = _origins(f, kind)
    if not rows:
        return None
    sized = all(o.get("size") for o in rows)
    if len(rows) > 5 and not sized:
        return None  # the top five cannot be chosen without sizes
    top = rows[:5]
    names = [f"{o['name']} ({o['size']})" if o.get("size") else o["name"] for o in top]
    basis = ("the top five, in order of volume" if len(rows) > 5
             else "the only one used" if len(rows) == 1 else f"all {len(rows)} used")
    return Fill(f"{noun.capitalize()} ({basis}): {t.listing(names)}.", t.urls(top))


@rule(2, "Public datasets", reads=("supply_chain", "model_card"),
      needs="supply_chain.data_origins of kind 'public dataset' (with sizes when more than five), or at most "
            "five datasets in the model card's `datasets` metadata")
def _public_datasets(f):
    filled = _named_sources(f, "public dataset", "public datasets")
    if filled:
        return filled
    datasets = f["model_card"].get("datasets") or []
    if isinstance(datasets, str):
        datasets = [datasets]
    if 0 < len(datasets) <= 5:
        return Fill(f"Public datasets (all {len(datasets)} listed in the model card): {t.listing(datasets)}.",
                    t.urls(f["model"]))
    return None


@rule(3, "Crawling", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.crawler with its name and the address of its opt-out protocol")
def _crawling(f):
    crawler = f["supply_chain"].get("crawler") or {}
    if not (crawler.get("name") and crawler.get("opt_out_url")):
        return None
    return Fill(f"Our web crawler is named {crawler['name']}; its opt-out protocol is described at "
                f"{crawler['opt_out_url']}.", (crawler["opt_out_url"],))


@rule(6, "Licensed data sources", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.data_origins of kind 'licensed' (with sizes when more than five)")
def _licensed(f):
    return _named_sources(f, "licensed", "licensed data sources")


@rule(11, "Synthetic data sources", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.data_origins of kind 'synthetic', naming the generating models")
def _synthetic(f):
    return _named_sources(f, "synthetic", "synthetic data sources")


def _compute(f) -> Mapping[str, Any]:
    return f["supply_chain"].get("compute") or {}


@rule(21, "Compute usage for final training run", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.compute.training_flop and compute.measurement")
def _training_compute(f):
    c = _compute(f)
    if not (c.get("training_flop") and c.get("measurement")):
        return None
    return Fill(f"The final training run used {t.sig(c['training_flop'], 1)} FLOPs, measured as follows: "
                f"{c['measurement']}")


@rule(24, "Compute hardware for final training run", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.compute.hardware, giving the number and type of accelerators")
def _hardware(f):
    hardware = _compute(f).get("hardware")
    return Fill(f"The model was trained on {hardware}.") if hardware else None


@rule(25, "Compute provider", reads=("supply_chain", "documents"), origin="supply_chain",
      needs="supply_chain.compute.provider, or the 'funding and resources' section of a released governance card")
def _provider(f):
    provider = _compute(f).get("provider")
    if provider:
        return Fill(f"Compute is provided by {provider}.")
    return card_section(f, "funding-and-resources")


@rule(26, "Energy usage for final training run", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.compute.energy_mwh and compute.energy_measurement")
def _energy(f):
    c = _compute(f)
    if not (c.get("energy_mwh") and c.get("energy_measurement")):
        return None
    return Fill(f"Training used an estimated {t.sig(c['energy_mwh'], 1)} MWh, measured as follows: "
                f"{c['energy_measurement']}")


@rule(30, "Model stages", reads=("supply_chain",), origin="supply_chain",
      needs="supply_chain.training_stages, every stage in order")
def _stages(f):
    stages = f["supply_chain"].get("training_stages") or []
    if not stages:
        return None
    numbered = [f"({i}) {s}" for i, s in enumerate(stages, 1)]
    return Fill(f"We define {len(stages)} stages in building the model: {', '.join(numbered)}.")


@rule(33, "Organization chart", reads=("documents",), origin="documents",
      needs="a public 'organisation' section, with teams and headcounts, in a released governance card")
def _org_chart(f):
    return card_section(f, "organisation")
