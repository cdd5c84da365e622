"""Why something is reported or hidden: one list, shown to reporters, moderators and authors."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    SPAM = "spam", _("spam")
    ABUSIVE = "abusive", _("abusive or hateful")
    PERSONAL_INFORMATION = "personal_information", _("personal information")
    OFF_TOPIC = "off_topic", _("off-topic")
    AT_RISK = "at_risk", _("someone may be at risk")


def reason_label(code: str) -> str:
    """The translated label of a reason code; older free-text reasons are shown as they are."""
    try:
        return str(Reason(code).label)
    except ValueError:
        return code
