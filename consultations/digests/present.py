"""A stored digest, made ready for a reader: labels in the reader's language, suppressed groups in
words, quotes the organisers left out (or that moderators have hidden since) dropped.

The page, the email, the PDF, the CSV and the open-data JSON all start from ``present``, so they
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django_countries import countries

from consultations.digests.compute import UNKNOWN
from consultations.digests.models import Digest
from consultations.digests.suppression import Shown
from consultations.models import Comment
from consultations.moderation.reasons import reason_label

QUOTE_LISTS = ("broad_agreement", "divisive", "bands_agree")


@dataclass
class Group:
    label: str
    count: int | None
    shown: str  # Shown value

    @property
    def text(self) -> str:
        return str(self.count) if self.count is not None else self.suppressed_text

    suppressed_text: str = ""


@dataclass
class BreakdownView:
    title: str
    groups: list[Group]
    total: int | None
    chart: Any = None


@dataclass
class DigestView:
    digest: Digest
    content: dict[str, Any]
    k: int
    breakdowns: list[BreakdownView] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    moderation_hidden: list[tuple[str, int]] = field(default_factory=list)
    charts: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.content["consultation"]["title"]


def group_label(dimension: str, key: str) -> str:
    if key == UNKNOWN:
        return _("not known")
    if dimension == "age_band":
        low, high = key.split("-")
        return _("%(low)s to %(high)s") % {"low": low, "high": high}
    if dimension == "country":
        return str(countries.name(key)) or key
    if dimension == "language":
        return str(dict(settings.LANGUAGES).get(key, key))
    return key


def suppressed_text(shown: str, k: int) -> str:
    if shown == Shown.SMALL:
        return _("fewer than %(k)d") % {"k": k}
    return _("not shown, to protect a small group")


def present(digest: Digest, *, still_public: set[int] | None = None, for_sign_off: bool = False) -> DigestView:
    """``still_public``: ids of quoted comments still published (read once here when not given).
    ``for_sign_off`` keeps the quotes the organisers left out, marked, so they can put them back."""
    content = digest.content
    k = content["k"]
    if still_public is None:
        quoted = {quote["comment"] for q in content["questions"] for key in QUOTE_LISTS for quote in q[key]}
        quoted |= {quote["comment"] for q in content["questions"] for t in q["themes"] for quote in t["examples"]}
        still_public = set(
            Comment.objects.filter(pk__in=quoted, status=Comment.Status.PUBLISHED).values_list("pk", flat=True)
        )
    left_out = set(digest.removed_quotes)
    view = DigestView(digest=digest, content=content, k=k)
    titles = {"age_band": _("Age"), "country": _("Country"), "language": _("Language")}
    for dimension, title in titles.items():
        data = content["who"][dimension]
        view.breakdowns.append(
            BreakdownView(
                title=title,
                total=data["total"],
                groups=[
                    Group(
                        label=group_label(dimension, cell["key"]),
                        count=cell["count"],
                        shown=cell["shown"],
                        suppressed_text=suppressed_text(cell["shown"], k),
                    )
                    for cell in data["cells"]
                ],
            )
        )
    for question in content["questions"]:
        shown = dict(question)
        for key in QUOTE_LISTS:
            shown[key] = [
                {**quote, "left_out": quote["comment"] in left_out}
                for quote in question[key]
                if quote["comment"] in still_public and (for_sign_off or quote["comment"] not in left_out)
            ]
        shown["themes"] = [
            {
                **theme,
                "examples": [
                    {**quote, "left_out": quote["comment"] in left_out}
                    for quote in theme["examples"]
                    if quote["comment"] in still_public and (for_sign_off or quote["comment"] not in left_out)
                ],
            }
            for theme in question["themes"]
        ]
        headings = {
            "broad_agreement": _("Broadest agreement"),
            "divisive": _("Most divisive"),
            "bands_agree": _("Where age groups agree"),
        }
        shown["quote_sections"] = [(headings[key], shown[key]) for key in QUOTE_LISTS]
        view.questions.append(shown)
    _add_charts(view)
    view.moderation_hidden = [
        (reason_label(reason), count) for reason, count in content["moderation"]["hidden"].items() if count
    ]
    return view


def _add_charts(view: DigestView) -> None:
    """The same charts for the page, the PDF and (as images) the email."""
    from datetime import date

    from consultations.digests.charts import participation_over_time, vote_bar, who_took_part

    points = [(date.fromisoformat(day), comments, votes) for day, comments, votes in view.content["over_time"]]
    view.charts["over_time"] = participation_over_time(points=points, title=_("Comments and votes per day"))
    for breakdown in view.breakdowns:
        breakdown.chart = who_took_part(
            groups=[(group.label, group.count) for group in breakdown.groups],
            title=_("Participants by %(dimension)s") % {"dimension": breakdown.title.lower()},
            suppressed_label=_("not shown"),
        )
    for question in view.questions:
        for _heading, quotes in question["quote_sections"]:
            for quote in quotes:
                quote["chart"] = vote_bar(
                    agree=quote["agree"],
                    disagree=quote["disagree"],
                    passed=quote["pass"],
                    title=_("Votes on this statement"),
                )
