"""Quantitative risk engine: uncertain scenario models, Monte Carlo estimates and verdicts.

Pure Python + numpy (no Django). Typical use::

    from redline.risk import load_model, run_model, verdict_for
    model = load_model("bio.yaml")
    result = run_model(model, threshold=1000, samples=1_000_000, seed=1)
    print(verdict_for(result, probability=1e-3).line())
"""

from redline.risk.compile import compile_model
from redline.risk.criteria import Criterion, compare_threshold, load_criteria
from redline.risk.fn import ExceedanceCurve, draw_curve, exceedance_curve, plot_curve
from redline.risk.model import Parameter, RiskModel, load_model, loads_model, model_from_dict
from redline.risk.montecarlo import DEFAULT_CHUNK, run_naive
from redline.risk.nested import run_two_level_rqmc
from redline.risk.rare import run_importance
from redline.risk.result import Epistemic, RunResult, wilson
from redline.risk.rqmc import run_rqmc
from redline.risk.run import METHODS, run_model
from redline.risk.twolevel import conditional_probabilities, run_two_level
from redline.risk.verdict import Verdict, verdict_for

__all__ = [
    "DEFAULT_CHUNK",
    "METHODS",
    "Criterion",
    "Epistemic",
    "ExceedanceCurve",
    "Parameter",
    "RiskModel",
    "RunResult",
    "Verdict",
    "compare_threshold",
    "compile_model",
    "conditional_probabilities",
    "draw_curve",
    "exceedance_curve",
    "load_criteria",
    "load_model",
    "loads_model",
    "model_from_dict",
    "plot_curve",
    "run_importance",
    "run_model",
    "run_naive",
    "run_rqmc",
    "run_two_level",
    "run_two_level_rqmc",
    "verdict_for",
    "wilson",
]
