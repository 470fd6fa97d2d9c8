"""Coordinated disclosure and the public database: reports, cases, embargoes, disputes, incidents, advisories."""
