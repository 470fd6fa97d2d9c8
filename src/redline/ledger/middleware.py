"""Attribute ledger entries made during a request to the signed-in user."""

from redline.ledger.services import acting_as


class LedgerActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else "anonymous"
        with acting_as(actor):
            return self.get_response(request)
