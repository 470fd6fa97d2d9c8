"""``{% model_risk_sections model user %}``: the risk sections on a model's registry page."""

from __future__ import annotations

from django import template

from redline.accounts.policy import Action, can

register = template.Library()


@register.inclusion_tag("commitments/_sections.html", takes_context=True)
def model_risk_sections(context, model, user):
    from redline.commitments.sections import build

    return {"s": build(model, user), "model": model, "user": user,
            "can_edit": can(user, Action.UPDATE, model), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("commitments/_reviewer_keys.html")
def org_reviewer_keys(org):
    return {"org": org, "keys": org.reviewer_keys.filter(revoked_at__isnull=True).select_related("user")}


@register.filter
def pct(value):
    """0.1234 → '0.123' (three significant figures), '—' for None."""
    if value is None or value == "":
        return "—"
    try:
        return f"{float(value):.3g}"
    except (TypeError, ValueError):
        return str(value)
