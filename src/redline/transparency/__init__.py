"""Generated transparency reports, the FMTI 2025 crosswalk, the EU model documentation form and the
NIST AI 800-1 practice map, built from what redline records (issue 16; docs/transparency.md).

The rules are the core's (:mod:`redline.core.transparency`, :mod:`redline.core.documents`); this app
builds their facts dictionary from every app's tables (:mod:`.facts`), stores what only the
organisation can say (imported FMTI reports, its own practice claims, EU-form entries typed by hand),
writes the quarterly report (:mod:`.report`) and stores it as a ``documents`` document, so it is
reviewed and released like any other.
"""
