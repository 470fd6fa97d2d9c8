from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "redline.ledger"
    label = "ledger"
    verbose_name = "Ledger"

    def ready(self) -> None:
        from redline.ledger import guards, signals

        signals.connect()
        guards.connect()
