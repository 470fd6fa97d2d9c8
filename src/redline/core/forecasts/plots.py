"""The forecast plots as SVG text: reliability diagram, discrimination, and the forecasts on one question.

Each function returns a complete ``<svg>`` document whose root carries
``role="img"``, a ``<title>`` and a ``<desc>`` that says in words what the plot
shows, so the page can inline it (or serve it as ``image/svg+xml`` and reuse
:func:`description_of`'s text as the ``alt``). Text stays text
(``svg.fonttype: none``): smaller files, readable by screen readers and search.
Margins are fixed rather than computed by ``tight_layout``, which draws the
figure a second time and doubled the time of each plot.
The output is reproducible byte for byte (fixed hash salt, no date).

matplotlib is imported inside the functions (no pyplot, the Agg canvas), so
importing this module costs nothing and no global backend state is touched.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from redline.core.forecasts.calibration import Discrimination, ReliabilityDiagram
from redline.core.forecasts.question import Forecast, Question, QuestionKind
from redline.core.forecasts.resolution import Resolution

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_RC = {"svg.hashsalt": "redline-forecasts", "svg.fonttype": "none", "font.size": 9}
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
YES, NO, NEUTRAL = "tab:blue", "tab:orange", "grey"


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=96)
    FigureCanvasAgg(fig)
    return fig


def _svg(fig: Figure, title: str, description: str, ident: str) -> str:
    from matplotlib import rc_context

    buf = io.StringIO()
    with rc_context(_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Title": title})
    text = buf.getvalue()
    head = _SVG_OPEN.search(text)
    if head is None:  # pragma: no cover - matplotlib always writes one
        raise RuntimeError("matplotlib wrote no <svg> element")
    tag = head.group(0)
    accessible = tag[:-1] + f' role="img" aria-labelledby="{ident}-title {ident}-desc">'
    labels = (f'<title id="{ident}-title">{html.escape(title)}</title>'
              f'<desc id="{ident}-desc">{html.escape(description)}</desc>')
    return text[: head.start()] + accessible + labels + text[head.end():]


def description_of(svg: str) -> str:
    """The ``<desc>`` text of a plot made here (for an ``alt`` attribute)."""
    found = re.search(r"<desc id=\"[^\"]*\">(.*?)</desc>", svg, flags=re.DOTALL)
    return html.unescape(found.group(1)) if found else ""


def _ident(prefix: str, title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]
    return f"{prefix}-{slug}" if slug else prefix


def reliability_svg(diagram: ReliabilityDiagram, title: str = "Reliability diagram") -> str:
    """Observed frequency against mean forecast per bin, with each bin's interval and count."""
    fig = _figure(5.2, 5.0)
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    centres = [b.centre for b in diagram.bins]
    top.plot([0, 1], [0, 1], color=NEUTRAL, ls="--", lw=1, label="perfect calibration")
    top.plot(centres, centres, ls="none", marker="+", color=NEUTRAL, ms=5)
    full = [b for b in diagram.bins if b.count]
    if full:
        x = [b.mean_forecast for b in full]
        y = [b.observed for b in full]
        err = [[b.observed - b.interval[0] for b in full], [b.interval[1] - b.observed for b in full]]  # type: ignore[index,operator]
        top.errorbar(x, y, yerr=err, marker="o", ms=4, color=YES, capsize=3,
                     label=f"observed frequency ({diagram.confidence:.0%} Wilson interval)")
    else:
        top.text(0.5, 0.5, "no resolved binary forecasts yet", ha="center", va="center", transform=top.transAxes)
    top.set_xlim(0, 1)
    top.set_ylim(-0.02, 1.02)
    top.set_ylabel("share that resolved yes")
    top.set_title(title)
    top.grid(True, alpha=0.3)
    top.legend(fontsize=7, loc="upper left")
    width = 1.0 / len(diagram.bins)
    bottom.bar(centres, [b.count for b in diagram.bins], width=width * 0.9, color=YES, alpha=0.6)
    bottom.set_ylabel("forecasts")
    bottom.set_xlabel("forecast probability (bin)")
    bottom.grid(True, axis="y", alpha=0.3)
    fig.subplots_adjust(left=0.13, right=0.97, top=0.93, bottom=0.1, hspace=0.12)
    parts = [f"{b.lower:.0%}–{b.upper:.0%}: {b.yes} of {b.count} resolved yes" for b in full]
    description = (f"Reliability diagram of {diagram.n} binary forecasts in {len(diagram.bins)} bins. "
                   + ("; ".join(parts) + "." if parts else "No forecasts yet."))
    return _svg(fig, title, description, _ident("reliability", title))


def discrimination_svg(data: Discrimination, title: str = "Discrimination") -> str:
    """Histograms of the probabilities given on questions that resolved yes and on those that resolved no."""
    fig = _figure(5.2, 3.4)
    ax = fig.add_subplot()
    width = 1.0 / data.bins
    left = [k * width for k in range(data.bins)]
    ax.bar([x + width * 0.05 for x in left], data.yes_counts, width=width * 0.45, align="edge", color=YES,
           label=f"resolved yes ({len(data.on_yes)})")
    ax.bar([x + width * 0.5 for x in left], data.no_counts, width=width * 0.45, align="edge", color=NO,
           label=f"resolved no ({len(data.on_no)})")
    for mean, colour, what in ((data.mean_on_yes, YES, "yes"), (data.mean_on_no, NO, "no")):
        if mean is not None:
            ax.axvline(mean, color=colour, ls="--", lw=1, label=f"mean on {what}: {mean:.2f}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, max([*data.yes_counts, *data.no_counts, 1]) * 1.4)  # headroom for the legend
    ax.set_xlabel("forecast probability")
    ax.set_ylabel("forecasts")
    ax.set_title(title)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    fig.subplots_adjust(left=0.13, right=0.97, top=0.9, bottom=0.15)
    means = ""
    if data.difference is not None:
        means = (f" Mean probability {data.mean_on_yes:.2f} on questions that resolved yes and "
                 f"{data.mean_on_no:.2f} on those that resolved no.")
    description = (f"Discrimination: {len(data.on_yes)} forecasts on questions that resolved yes and "
                   f"{len(data.on_no)} on questions that resolved no.{means}")
    return _svg(fig, title, description, _ident("discrimination", title))


def question_svg(
    question: Question,
    forecasts: Sequence[Forecast],
    resolution: Resolution | None = None,
    *,
    title: str | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Every forecast on one question: probabilities over time (binary), or each forecaster's
    standing quantiles (numeric), with the resolution when there is one."""
    title = title or question.label()
    fig = _figure(6.4, 3.6)
    ax = fig.add_subplot()
    names = sorted({f.forecaster for f in forecasts})
    if question.kind is QuestionKind.BINARY:
        description = _binary_panel(ax, question, forecasts, names, resolution, now)
    else:
        description = _numeric_panel(ax, forecasts, names, resolution)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="best")
    # Numeric plots label rows with the forecasters' handles: leave room for the longest.
    longest = max((len(n) for n in names), default=0) if question.kind is QuestionKind.NUMERIC else 0
    fig.subplots_adjust(left=min(0.4, max(0.1, 0.05 + 0.013 * longest)), right=0.9, top=0.9, bottom=0.22)
    return _svg(fig, title, f"{question.label()}: {description}", _ident("question", title))


def _binary_panel(ax: Axes, question: Question, forecasts: Sequence[Forecast], names: list[str],
                  resolution: Resolution | None, now: dt.datetime | None) -> str:
    end = question.closes_at
    if resolution is not None and resolution.run_at is not None:
        end = min(end, resolution.run_at)
    elif now is not None:
        end = min(end, now)
    for name in names:
        mine = sorted((f for f in forecasts if f.forecaster == name), key=lambda f: f.made_at)
        times = [f.made_at for f in mine] + [max(end, mine[-1].made_at)]
        probs = [f.probability for f in mine] + [mine[-1].probability]
        # Name the forecasters while a legend stays readable; past that the lines speak as a crowd.
        ax.step(times, probs, where="post", lw=1, alpha=0.8, label=name if len(names) <= 8 else None)
        ax.plot(times[:-1], probs[:-1], ls="none", marker="o", ms=2.5, color=ax.lines[-1].get_color())
    if resolution is not None:
        colour = YES if resolution.outcome else NO
        what = "yes" if resolution.outcome else "no"
        flag = " (close call)" if resolution.close_call else ""
        ax.axhline(1.0 if resolution.outcome else 0.0, color=colour, lw=2, label=f"resolved {what}{flag}")
        if resolution.run_at is not None:
            ax.axvline(resolution.run_at, color=NEUTRAL, ls=":", lw=1, label="resolving run")
    ax.set_ylim(-0.03, 1.03)
    ax.set_ylabel("probability of yes")
    ax.set_xlabel("time")
    ax.figure.autofmt_xdate()
    state = "unresolved" if resolution is None else f"resolved {'yes' if resolution.outcome else 'no'}"
    return f"{len(forecasts)} forecasts by {len(names)} forecasters over time; {state}."


def _numeric_panel(ax: Axes, forecasts: Sequence[Forecast], names: list[str], resolution: Resolution | None) -> str:
    standing: dict[str, Forecast] = {}
    for f in sorted(forecasts, key=lambda f: f.made_at):
        standing[f.forecaster] = f
    for row, name in enumerate(names):
        pairs = standing[name].quantiles or ()
        values = [v for _, v in pairs]
        levels = [level for level, _ in pairs]
        ax.hlines(row, values[0], values[-1], color=YES, lw=2)
        ax.plot(values, [row] * len(values), ls="none", marker="|", ms=8, color=YES)
        median = next((v for level, v in pairs if abs(level - 0.5) <= 1e-12), None)
        if median is not None:
            ax.plot([median], [row], marker="o", ms=4, color="black")
        ax.annotate(f"{levels[0]:.0%}–{levels[-1]:.0%}", (values[-1], row), fontsize=6,
                    xytext=(3, 0), textcoords="offset points", va="center")
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(-0.8, max(len(names) - 0.2, 0.8))
    ax.set_xlabel("forecast value (quantiles; dot: median)")
    if resolution is not None:
        ax.axvline(float(resolution.outcome), color=NO, lw=2, label=f"outcome {float(resolution.outcome):g}")
        return f"latest quantiles of {len(names)} forecasters; resolved at {float(resolution.outcome):g}."
    return f"latest quantiles of {len(names)} forecasters; unresolved."
