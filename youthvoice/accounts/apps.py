from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "youthvoice.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        user_logged_out.connect(_close_sockets_of_session, dispatch_uid="accounts-close-sockets-on-logout")


def _close_sockets_of_session(sender: type, request: object, user: object, **kwargs: object) -> None:
    """Signing out closes the sockets opened with that session (other devices stay signed in)."""
    from youthvoice.realtime import session_ended

    session = getattr(request, "session", None)
    if user is not None and session is not None:
        session_ended(user_id=user.pk, session_key=session.session_key)
