"""Readers and writers for public formats, all going through :mod:`.neutral`.

In: FLARE-AI (:mod:`.flare`), AVID reports and vulnerabilities (:mod:`.avid`).
Out, from a :class:`~.neutral.PublishedAdvisory` only: AVID (:mod:`.avid`),
STIX 2.1 (:mod:`.stix`), CVE JSON 5.1 (:mod:`.cve`), JSON-LD (:mod:`.jsonld`).
Malformed input raises :class:`redline.core.errors.ImportFailed` naming the file
and the problem.
"""
