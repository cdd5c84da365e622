"""What a digest says, computed from published content only and stored as plain data.

Everything is read with aggregate queries or in chunks: the number of queries grows with the number
of questions (and chunks), never with comments or votes, and nothing holds every vote in memory.
The result is JSON-ready (it is stored on the digest, so the same digest always shows the same
figures) and contains no personal data: counts, suppressed breakdowns, and quotes without names, with
contact details removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Greatest, Least, TruncDate
from django.utils.translation import gettext

from consultations.digests.suppression import Breakdown, suppress
from consultations.models import Comment, Vote
from consultations.moderation.reasons import Reason
from consultations.moderation.screening import redact_contact_details
from consultations.pages import ConsultationPage, ConsultationQuestion
from youthvoice.accounts.age import AGE_BANDS
from youthvoice.accounts.models import User

UNKNOWN = "unknown"
QUOTES_PER_LIST = 5
# A statement needs this many votes before its agreement says anything.
MIN_VOTES_FOR_QUOTE = 5
# "Age bands agree": agreement of at least this share in every band with k or more voters.
BAND_AGREEMENT = 0.6
BAND_CANDIDATES = 50


@dataclass(frozen=True)
class Window:
    """The content a digest covers: published before ``until`` (and, for trends, since ``since``)."""

    consultation: ConsultationPage
    until: datetime

    def comments(self) -> QuerySet[Comment]:
        return Comment.objects.filter(
            consultation_id=self.consultation.pk, status=Comment.Status.PUBLISHED, created_at__lte=self.until
        )

    def votes(self) -> QuerySet[Vote]:
        return Vote.objects.filter(
            comment__consultation_id=self.consultation.pk,
            comment__status=Comment.Status.PUBLISHED,
            comment__created_at__lte=self.until,
            created_at__lte=self.until,
        )


def min_group() -> int:
    return int(settings.YOUTHVOICE_DIGEST_MIN_GROUP)


def digest_compute(*, consultation: ConsultationPage, until: datetime, previous: dict[str, Any] | None = None) -> dict:
    """The digest's content for ``consultation`` up to ``until``; ``previous`` is the content of the
    last digest sent, for the trend."""
    window = Window(consultation=consultation, until=until)
    k = min_group()
    people = _people(window)
    participation = _participation(window, participants=people.total)
    who = _who_took_part(people, k=k)
    if any(breakdown["total"] is None for breakdown in who.values()):
        participation["participants"] = None  # a breakdown had to hide it: the headline must too
    questions = list(consultation.questions.order_by("sort_order", "pk"))
    content = {
        "consultation": {
            "id": consultation.pk,
            "title": consultation.title,
            "organisation": consultation.organisation.name,
            "opens_at": consultation.opens_at.isoformat(),
            "closes_at": consultation.closes_at.isoformat(),
        },
        "until": until.isoformat(),
        "k": k,
        "participation": participation,
        "trend": _trend(participation, previous),
        "who": who,
        "over_time": _over_time(window),
        "questions": [_question(window, question, k=k) for question in questions],
        "moderation": _moderation(consultation),
    }
    return content


def _participation(window: Window, *, participants: int) -> dict[str, int | None]:
    comments = window.comments().aggregate(
        comments=Count("pk", filter=Q(parent__isnull=True)), replies=Count("pk", filter=Q(parent__isnull=False))
    )
    return {
        "participants": participants,
        "comments": comments["comments"],
        "replies": comments["replies"],
        "votes": window.votes().count(),
    }


@dataclass(frozen=True)
class People:
    total: int
    bands: dict[str, int]
    countries: dict[str, int]
    languages: dict[str, int]


def _people(window: Window) -> People:
    """Everyone who wrote a published comment or voted on one, counted once, and their breakdowns by
    age band (on the digest's day), country and language: one query with GROUPING SETS. (Two ``IN``
    sub-queries joined by ``OR`` made PostgreSQL scan the votes once per person: 30 s at 1M votes.)"""
    authors_sql, authors_params = (
        window.comments().filter(author__isnull=False).order_by().values("author_id").query.sql_with_params()
    )
    voters_sql, voters_params = (
        window.votes().filter(voter__isnull=False).order_by().values("voter_id").query.sql_with_params()
    )
    whens, band_params = [], []
    day = window.until.date()
    for name, low, high in AGE_BANDS:
        whens.append("WHEN u.date_of_birth > %s AND u.date_of_birth <= %s THEN %s")
        band_params += [_years_before(day, high + 1), _years_before(day, low), name]
    user_table = User._meta.db_table
    # Only generated SQL and table names are interpolated; every value is a parameter.
    sql = (
        f"WITH p(id) AS ({authors_sql} UNION {voters_sql}) "  # noqa: S608  # nosec B608
        "SELECT band, country, language, COUNT(*), GROUPING(band), GROUPING(country), GROUPING(language) FROM ("
        f"  SELECT CASE {' '.join(whens)} ELSE %s END AS band, u.country, u.language"
        f'  FROM "{user_table}" u JOIN p ON p.id = u.id'
        ") s GROUP BY GROUPING SETS ((band), (country), (language), ())"
    )
    params = [*authors_params, *voters_params, *band_params, UNKNOWN]
    total, bands, countries, languages = 0, {}, {}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for band, country, language, n, no_band, no_country, no_language in cursor.fetchall():
            if not no_band:
                bands[band] = n
            elif not no_country:
                countries[country or UNKNOWN] = countries.get(country or UNKNOWN, 0) + n
            elif not no_language:
                languages[language or UNKNOWN] = languages.get(language or UNKNOWN, 0) + n
            else:
                total = n
    return People(total=total, bands=bands, countries=countries, languages=languages)


def _trend(participation: dict[str, int | None], previous: dict[str, Any] | None) -> dict[str, int | None]:
    if not previous:
        return {}
    before = previous.get("participation", {})
    return {
        key: (value - before[key]) if value is not None and before.get(key) is not None else None
        for key, value in participation.items()
    }


def _band_case(prefix: str, day: date) -> Case:
    """The age band on ``day`` from a date of birth, in SQL (one aggregate instead of a read per person)."""
    whens = []
    for name, low, high in AGE_BANDS:
        # Aged low..high on ``day`` means born after (day - high - 1 years) and on or before (day - low years).
        born_after, born_by = _years_before(day, high + 1), _years_before(day, low)
        whens.append(
            When(**{f"{prefix}date_of_birth__gt": born_after, f"{prefix}date_of_birth__lte": born_by}, then=Value(name))
        )
    return Case(*whens, default=Value(UNKNOWN))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one: the day after 28 February counts
        return day.replace(year=day.year - years, month=3, day=1)


def _who_took_part(people: People, *, k: int) -> dict[str, dict[str, Any]]:
    bands = [(name, people.bands.get(name, 0)) for name, _, _ in AGE_BANDS]
    if people.bands.get(UNKNOWN):
        bands.append((UNKNOWN, people.bands[UNKNOWN]))
    return {
        "age_band": _breakdown_data(suppress(bands, k=k, total=people.total)),
        "country": _breakdown_data(suppress(_largest_first(people.countries), k=k, total=people.total)),
        "language": _breakdown_data(suppress(_largest_first(people.languages), k=k, total=people.total)),
    }


def _largest_first(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Largest first, then by code: a stable order for the same data."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _breakdown_data(breakdown: Breakdown) -> dict[str, Any]:
    return {
        "total": breakdown.total,
        "k": breakdown.k,
        "cells": [{"key": cell.key, "shown": cell.shown.value, "count": cell.count} for cell in breakdown.cells],
    }


def _per_day(rows: QuerySet) -> dict[date, int]:
    return dict(
        rows.annotate(day=TruncDate("created_at")).values_list("day").annotate(n=Count("pk")).values_list("day", "n")
    )


def _over_time(window: Window) -> list[list[Any]]:
    comments, votes = _per_day(window.comments().order_by()), _per_day(window.votes().order_by())
    days = sorted(set(comments) | set(votes))
    if not days:
        return []
    series, day = [], days[0]
    while day <= days[-1]:  # every day, including the quiet ones
        series.append([day.isoformat(), comments.get(day, 0), votes.get(day, 0)])
        day += timedelta(days=1)
    return series


def _question(window: Window, question: ConsultationQuestion, *, k: int) -> dict[str, Any]:
    comments = window.comments().filter(question_id=question.pk)
    counts = comments.aggregate(
        comments=Count("pk", filter=Q(parent__isnull=True)), replies=Count("pk", filter=Q(parent__isnull=False))
    )
    votes = window.votes().filter(comment__question_id=question.pk).count()
    rated = comments.annotate(
        total=F("agree_count") + F("disagree_count") + F("pass_count"),
        agreement=Cast(F("agree_count"), FloatField())
        / Greatest(F("agree_count") + F("disagree_count") + F("pass_count"), 1),
        balance=Cast(Least("agree_count", "disagree_count"), FloatField())
        / Greatest("agree_count", "disagree_count", 1),
    ).filter(total__gte=MIN_VOTES_FOR_QUOTE)
    fields = ("pk", "body", "language", "agree_count", "disagree_count", "pass_count")
    broad = list(rated.order_by("-agreement", "-agree_count", "pk").values(*fields)[:QUOTES_PER_LIST])
    divisive = list(
        rated.filter(agree_count__gt=0, disagree_count__gt=0)
        .order_by("-balance", "-total", "pk")
        .values(*fields)[:QUOTES_PER_LIST]
    )
    candidates = list(
        rated.filter(agreement__gte=BAND_AGREEMENT)
        .order_by("-agreement", "-total", "pk")
        .values(*fields)[:BAND_CANDIDATES]
    )
    return {
        "id": question.pk,
        "text": question.text,
        "comments": counts["comments"],
        "replies": counts["replies"],
        "votes": votes,
        "broad_agreement": [_quote(row) for row in broad],
        "divisive": [_quote(row) for row in divisive],
        "bands_agree": _bands_agree(window, candidates, k=k),
        "themes": _themes(comments),
    }


THEME_LANGUAGES = 3  # the question's most used languages get themes of their own
THEME_EXAMPLES = 2


def _themes(comments: QuerySet[Comment]) -> list[dict[str, Any]]:
    """Recurring key phrases per language (themes.py explains the method), each with example quotes.
    Comments are streamed in chunks; only the examples' texts are read back afterwards."""
    from consultations.digests.themes import ThemeInput, question_themes

    default = settings.LANGUAGE_CODE
    languages = list(
        comments.order_by().values_list("language").annotate(n=Count("pk")).order_by("-n", "language")[:THEME_LANGUAGES]
    )
    found: list[dict[str, Any]] = []
    for language, _count in languages:
        rows = comments.filter(language=language).order_by().values_list("pk", "body", "agree_count", "disagree_count")
        inputs = (
            ThemeInput(comment_id=pk, text=body, agree=agree, disagree=disagree)
            for pk, body, agree, disagree in rows.iterator(chunk_size=2000)
        )
        for theme in question_themes(comments=inputs, language=language or default, examples=THEME_EXAMPLES):
            found.append(
                {
                    "language": language or default,
                    "phrase": theme.phrase,
                    "comment_count": theme.comment_count,
                    "examples": list(theme.example_ids),
                }
            )
    wanted = {pk for theme in found for pk in theme["examples"]}
    fields = ("pk", "body", "language", "agree_count", "disagree_count", "pass_count")
    examples = (
        {row["pk"]: _quote(row) for row in Comment.objects.filter(pk__in=wanted).values(*fields)} if wanted else {}
    )
    for theme in found:
        theme["examples"] = [examples[pk] for pk in theme["examples"] if pk in examples]
    return found


def _quote(row: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "comment": row["pk"],
        "text": redact_contact_details(row["body"], placeholder=gettext("[contact details removed]")),
        "language": row["language"],
        "agree": row["agree_count"],
        "disagree": row["disagree_count"],
        "pass": row["pass_count"],
        **extra,
    }


def _bands_agree(window: Window, candidates: list[dict[str, Any]], *, k: int) -> list[dict[str, Any]]:
    """Statements agreed in every age band that has at least k voters on them (two bands at least).
    Only the names of those bands are shown, never per-band counts."""
    if not candidates:
        return []
    rows = (
        window.votes()
        .filter(comment_id__in=[row["pk"] for row in candidates], voter__isnull=False)
        .annotate(band=_band_case("voter__", window.until.date()))
        .values_list("comment_id", "band")
        .annotate(total=Count("pk"), agree=Count("pk", filter=Q(choice=Vote.Choice.AGREE)))
        .values_list("comment_id", "band", "total", "agree")
    )
    per_comment: dict[int, dict[str, tuple[int, int]]] = {}
    for comment_id, band, total, agree in rows:
        if band != UNKNOWN:
            per_comment.setdefault(comment_id, {})[band] = (total, agree)
    found = []
    for row in candidates:
        bands = {band: tally for band, tally in per_comment.get(row["pk"], {}).items() if tally[0] >= k}
        if len(bands) >= 2 and all(agree / total >= BAND_AGREEMENT for total, agree in bands.values()):
            found.append(_quote(row, bands=sorted(bands)))
        if len(found) == QUOTES_PER_LIST:
            break
    return found


def _moderation(consultation: ConsultationPage) -> dict[str, Any]:
    from consultations.moderation.models import ModerationFigures

    figures = ModerationFigures.objects.filter(consultation_id=consultation.pk).first()
    if figures is None:
        return {"published": 0, "held": 0, "hidden": {}}
    return {
        "published": figures.published,
        "held": figures.held,
        "hidden": {reason: getattr(figures, f"hidden_{reason}") for reason in Reason.values},
    }
