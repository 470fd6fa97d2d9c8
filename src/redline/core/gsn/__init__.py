"""Safety cases in Goal Structuring Notation (GSN Community Standard v3), pure and server-free.

The interchange format is gsn2x's YAML, so cases written for gsn2x read unchanged and
ours check and render in gsn2x. The pieces, each in its own module:

=====================  ====================================================================
``model``              :class:`Case`, :class:`Module`, :class:`Element`, :class:`NodeType`,
                       :class:`Challenge`, :class:`Extension`: the argument as frozen data
``reader``             :func:`read_case` (files), :func:`case_from_texts` (pasted/uploaded
                       text), :func:`parse_module`, :func:`build_case`; YAML through
                       :mod:`redline.core.safe_yaml`; bad structure is InvalidInput
``writer``             :func:`write_case`, :func:`write_module`: back to gsn2x YAML, keeping
                       every key read (round trip)
``checks``             :func:`check` → :class:`CheckResult` of :class:`Diagnostic`: gsn2x's
                       V01–V13 and C01–C16 at gsn2x's levels; :data:`CODES` is the table
``graph``              :func:`structure`: links with module extensions applied
``status``             :func:`evaluate` → :class:`CaseStatus` (per element, gaps, summary);
                       :func:`solution_status` and :data:`OUTCOME_RULES` map evidence
                       outcomes (verdict, safeguard test, risk run, decision, drill) to
                       supported / contradicted / weak
``templates``          :func:`templates`, :func:`instantiate`, :func:`evidence_slots`: the
                       inability, control, trustworthiness and deference skeletons
``canonical``          :func:`case_json`, :func:`case_digest`: the bytes an assessor signs
``render``             :func:`render_svg` (Graphviz; RendererUnavailable without ``dot``),
                       :func:`to_dot`, and the fallback :func:`outline` / :func:`outline_text`
=====================  ====================================================================

A typical use, as ``redline safety-case check`` and the web app do::

    case = read_case(["main.gsn.yaml", "sub.gsn.yaml"])
    result = check(case)                        # result.valid, result.diagnostics
    status = evaluate(case, {"Sn1": solution_status("red_line_verdict", "not_crossed")})
    svg = render_svg(case, status)              # or outline(case, status) without dot
"""

from redline.core.gsn.canonical import case_digest, case_document, case_json
from redline.core.gsn.checks import CODES, CheckResult, CodeInfo, Diagnostic, Level, check
from redline.core.gsn.graph import Structure, structure
from redline.core.gsn.model import (
    Case,
    Challenge,
    Duplicate,
    Element,
    Extension,
    Module,
    NodeType,
    type_from_id,
)
from redline.core.gsn.reader import build_case, case_from_texts, parse_module, read_case, read_module
from redline.core.gsn.render import (
    STATUS_COLOURS,
    OutlineItem,
    outline,
    outline_text,
    render_svg,
    to_dot,
)
from redline.core.gsn.status import (
    OUTCOME_RULES,
    CaseStatus,
    EvidenceKind,
    Gap,
    GapKind,
    OutcomeRule,
    Status,
    evaluate,
    solution_status,
)
from redline.core.gsn.templates import (
    TEMPLATE_NAMES,
    EvidenceSlot,
    TemplateInfo,
    evidence_slots,
    instantiate,
    load_template,
    template_text,
    templates,
)
from redline.core.gsn.writer import write_case, write_module

__all__ = [
    "CODES",
    "OUTCOME_RULES",
    "STATUS_COLOURS",
    "TEMPLATE_NAMES",
    "Case",
    "CaseStatus",
    "Challenge",
    "CheckResult",
    "CodeInfo",
    "Diagnostic",
    "Duplicate",
    "Element",
    "EvidenceKind",
    "EvidenceSlot",
    "Extension",
    "Gap",
    "GapKind",
    "Level",
    "Module",
    "NodeType",
    "OutcomeRule",
    "OutlineItem",
    "Status",
    "Structure",
    "TemplateInfo",
    "build_case",
    "case_digest",
    "case_document",
    "case_from_texts",
    "case_json",
    "check",
    "evaluate",
    "evidence_slots",
    "instantiate",
    "load_template",
    "outline",
    "outline_text",
    "parse_module",
    "read_case",
    "read_module",
    "render_svg",
    "solution_status",
    "structure",
    "template_text",
    "templates",
    "to_dot",
    "type_from_id",
    "write_case",
    "write_module",
]
