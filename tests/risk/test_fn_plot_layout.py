"""The F-N plot keeps its legend outside the axes and draws the committed tolerance."""

from __future__ import annotations

import numpy as np

from redline.risk import ExceedanceCurve, draw_curve


def _curve() -> ExceedanceCurve:
    grid = np.logspace(0, 5, 60)
    median = 1e-2 / grid
    return ExceedanceCurve(grid=grid, mean=median * 1.1, median=median, lo=median / 3, hi=median * 3,
                           outer=100, inner=1000)


def test_the_legend_is_outside_the_axes():
    fig = draw_curve(_curve(), threshold=1000, probability=1e-3)
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent()
    axes = ax.get_window_extent()
    assert legend.x0 >= axes.x1, (legend, axes)  # wholly to the right of the plotting area
    assert legend.x1 <= fig.bbox.x1 + 1  # and not cut off at the figure's edge


def test_the_tolerance_and_the_committed_fn_line_are_drawn():
    ax = draw_curve(_curve(), threshold=1000, probability=1e-3, fn_line=(1.0, 1.0)).axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "tolerance: P(≥ 1000) ≤ 0.001" in labels and "not tolerated" in labels
    assert "committed F-N line: 1 / n^1" in labels
    fn = next(line for line in ax.get_lines() if line.get_label().startswith("committed F-N line"))
    x, y = fn.get_data()
    assert np.allclose(y, 1.0 / x)
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--" and line.get_color() == "black"]
    assert dashed and dashed[0].get_ydata()[0] == 1e-3 and dashed[0].get_xdata()[0] == 1000


def test_without_a_limit_no_tolerance_is_invented():
    labels = draw_curve(_curve()).axes[0].get_legend_handles_labels()[1]
    assert not any(label.startswith(("tolerance", "committed", "not tolerated")) for label in labels)


def test_no_text_is_written_over_the_curves():
    ax = draw_curve(_curve(), threshold=1000, probability=1e-3).axes[0]
    assert len(ax.texts) == 0  # reference lines are named in the legend instead
    assert any("for scale" in label for label in ax.get_legend_handles_labels()[1])
