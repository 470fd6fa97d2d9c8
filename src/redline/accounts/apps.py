from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "redline.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from redline.accounts import visibility

        visibility.register()
