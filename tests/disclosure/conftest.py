"""Disclosure fixtures: a vendor with a model, a second vendor, coordinators, adjudicators and a submit helper."""

from __future__ import annotations

import http.server
import threading

import pytest


@pytest.fixture
def world(db, make_org, make_user, make_model):
    """Two vendors with a model each, a coordinator, an adjudicator, a researcher; the terms in force."""
    from types import SimpleNamespace

    from redline.disclosure.intake import ensure_terms

    aurora = make_org("developer", name="Aurora Labs", slug="aurora")
    forge = make_org("developer", name="OpenForge", slug="forge")
    centre = make_org("coordinator", name="Coordination Centre", slug="centre")
    panel = make_org("adjudicator", name="Adjudication Panel", slug="panel")
    research = make_org("research", name="Red Team", slug="redteam")
    return SimpleNamespace(
        aurora=aurora, forge=forge, centre=centre, panel=panel,
        model=make_model(aurora, name="Aurora 2", slug="aurora-2"),
        forge_model=make_model(forge, name="Forge 8B", slug="forge-8b", licence="apache-2.0"),
        triager=make_user(aurora, "triager", email="triager@aurora.test"),
        member=make_user(aurora, "member", email="member@aurora.test"),
        forge_triager=make_user(forge, "triager", email="triager@forge.test"),
        coordinator=make_user(centre, "triager", email="coord@centre.test"),
        adjudicator=make_user(panel, "member", email="judge@panel.test"),
        researcher=make_user(research, "member", email="researcher@redteam.test"),
        terms=ensure_terms(),
    )


@pytest.fixture
def submit(world):
    """Submit a report through the service layer; keyword arguments override the Submission fields."""
    from redline.disclosure.intake import Submission, submit_report

    def go(uploads=(), reporter=None, now=None, **kw):
        fields = {"title": "Role-play prompt bypasses refusal", "description": "A role-play framing makes the "
                  "model give step-by-step instructions it should refuse.", "models": ["aurora/aurora-2"],
                  "accepted_terms": world.terms.version, "reporter_email": "reporter@example.org"}
        fields.update(kw)
        return submit_report(Submission(**fields), reporter=reporter, uploads=list(uploads), now=now)

    return go


@pytest.fixture
def serve():
    """Start local HTTP servers on 127.0.0.1: ``serve(handler_class)`` returns the server's base URL."""
    running = []

    def start(handler: type[http.server.BaseHTTPRequestHandler]) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        thread.start()
        running.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join()


class QuietHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings, serve):
    """A local HTTP server on 127.0.0.1 that records every POST (headers and body).

    Webhooks to the local network are allowed while it runs (they are refused by default).
    """
    settings.WEBHOOK_ALLOW_PRIVATE = True
    got: list[tuple[dict, bytes]] = []

    class Handler(QuietHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

    return serve(Handler) + "/hook", got
