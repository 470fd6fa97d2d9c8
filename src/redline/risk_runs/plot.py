"""Draw a stored run's exceedance (F-N) curve as PNG bytes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np


def curve_png(run) -> bytes:
    """The run's curve with its epistemic band, the limit and the reference criteria."""
    from redline.risk import ExceedanceCurve, plot_curve

    c = run.curve
    curve = ExceedanceCurve(
        grid=np.asarray(c["grid"], float), mean=np.asarray(c["mean"], float), median=np.asarray(c["median"], float),
        lo=None if c.get("lo") is None else np.asarray(c["lo"], float),
        hi=None if c.get("hi") is None else np.asarray(c["hi"], float), outer=c["outer"], inner=c["inner"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "curve.png"
        plot_curve(curve, path, threshold=run.threshold, probability=run.probability,
                   title=f"{run.profile.category}: exceedance curve", unit="harm", result=run.result,
                   fn_line=_fn_line(run))
        return path.read_bytes()


def _fn_line(run) -> tuple[float, float] | None:
    """The F-N line (C, α) of the risk threshold the run was judged against, when it has one."""
    spec = run.threshold_version.spec if run.threshold_version_id else {}
    if spec.get("fn_c") is None or spec.get("fn_alpha") is None:
        return None
    return float(spec["fn_c"]), float(spec["fn_alpha"])
