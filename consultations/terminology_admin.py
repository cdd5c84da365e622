"""The respectful-terminology advice in the Wagtail editor: a warning after saving or publishing a
consultation that uses a listed term, and a panel at the top of the editor while it still does.

Advice only: the page always saves and publishes. See docs/terminology.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.panels import Panel

from consultations.terminology import TermSummary, check_consultation, summarise


def _quoted(words: Sequence[str]) -> list[str]:
    return [gettext("“%(words)s”") % {"words": word} for word in words]


def summary_line(summary: TermSummary) -> str:
    """One term, for the editor: the forms written, where, and the suggested alternatives."""
    values = {
        "words": ", ".join(_quoted(summary.forms)),
        "fields": get_text_list(list(summary.fields), gettext("and")),
        "alternatives": get_text_list(_quoted(summary.alternatives), gettext("or")),
    }
    if not summary.alternatives:
        return gettext("%(words)s in %(fields)s.") % values
    return gettext("%(words)s in %(fields)s: consider %(alternatives)s.") % values


def terminology_notice(summaries: Sequence[TermSummary]) -> SafeString:
    """The advice as HTML (every value escaped); empty when nothing was found."""
    if not summaries:
        return SafeString("")
    lines = [summary_line(summary) for summary in summaries]
    html = render_to_string("consultations/admin/terminology_notice.html", {"lines": lines})
    return SafeString(html)  # nosec B703: a template's output, in which every value is escaped


def warn_about_terminology(request: HttpRequest, page: Any) -> None:
    """After a consultation is saved or published: a warning naming the listed terms it uses.

    Autosave requests (which ask for JSON) get none: a message queued there would only appear on
    some later page, out of context; the editor panel shows the advice on the next load instead.
    """
    from consultations.pages import ConsultationPage

    if not isinstance(page, ConsultationPage) or not request.accepts("text/html"):
        return
    notice = terminology_notice(summarise(check_consultation(page)))
    if notice:
        messages.warning(request, notice)


class TerminologyPanel(Panel):
    """Shown at the top of the consultation editor while its public text uses a listed term; not
    rendered at all otherwise. Reads the page being edited (the latest draft), not the live one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("heading", _("Words to reconsider"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultations/admin/terminology_panel.html"

        @cached_property
        def notice(self) -> SafeString:
            if self.instance is None:
                return SafeString("")
            return terminology_notice(summarise(check_consultation(self.instance)))

        def is_shown(self) -> bool:
            return bool(self.notice)
