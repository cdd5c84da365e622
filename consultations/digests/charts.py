"""Accessible charts for digests, drawn on the server as SVG.

One SVG string serves three readers: the digest page (inline SVG), the PDF (WeasyPrint draws inline
SVG) and the email (:func:`chart_png` turns it into an image). Every chart comes with a one-sentence
``description`` and a ``table`` of its figures, so nobody has to read the picture: the template
``digests/includes/chart.html`` shows the table beside the chart and the SVG is labelled by its
``<title>`` and ``<desc>``.

How the drawings stay readable:

- the view box is :data:`WIDTH` units wide and the SVG has no fixed size, so it fits the width it
  is given; at :data:`FONT_SIZE` units, text is still 12 px when that width is 240 px;
- colours are the site's own (``static/css/site.css``), each at least 4.5:1 on white, and colour is
  never the only signal: values are written out, the two participation series sit in two labelled
  panels, and suppressed groups are hatched and say so in words;
- only presentation attributes are used (no ``style``), so the page's Content Security Policy
  (``style-src 'self'``) lets them through;
- the same input gives the same bytes: ids come from a hash of the input, coordinates are rounded.

Every text that goes into the SVG is escaped before the markup is marked safe. Labels come in
translated from the caller; the words this module adds itself go through gettext.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

# The site's palette (static/css/site.css); each text colour is at least 4.5:1 on white.
BRAND = "#3a2d9c"
OPEN = "#0b6b3a"
UPCOMING = "#7a4a00"
INK = "#1b1f2a"
INK_SOFT = "#4a5163"
LINE = "#d5dae6"
PAPER = "#ffffff"

WIDTH = 400
# Text stays at 12 px or more while the drawing is at least 240 px wide (0.6 scale): a 320 px phone
# leaves 288 px inside the page's margins, and 248 px even inside a <figure>'s default margins at 360 px.
FONT_SIZE = 20
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
# Text is measured without font metrics: a generous average glyph width keeps labels inside the box.
_GLYPH_WIDTH = 0.62 * FONT_SIZE
_ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class ChartTable:
    """The figures behind a chart. The first cell of each row names it (a row header)."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A drawn chart and everything needed to read it without seeing it."""

    svg: SafeString
    title: str
    description: str
    table: ChartTable


def participation_over_time(
    *, points: Sequence[tuple[date, int, int]], title: str, period: Literal["day", "week"] = "day"
) -> Chart:
    """Comments and votes per day (or per week, dated by its first day), as columns.

    The two series get a panel each, with an axis each: votes usually outnumber comments a
    hundredfold, and on one axis the comments would lie flat on the floor. Each panel's heading is
    its legend; its busiest period carries its value.
    """
    ordered = sorted(points)
    comments_label, votes_label = gettext("Comments"), gettext("Votes")
    period_label = gettext("Day") if period == "day" else gettext("Week starting")
    table = ChartTable(
        caption=title,
        columns=(period_label, comments_label, votes_label),
        rows=tuple((_long_date(day), _number(comments), _number(votes)) for day, comments, votes in ordered),
    )
    description = _participation_description(ordered, period=period)
    chart_id = _chart_id("participation", title, period, ordered)
    if not ordered:
        return _chart(
            chart_id, title=title, description=description, table=table, height=80, body=_empty_note(description)
        )

    tick_values = [_axis(max(point[series] for point in ordered)) for series in (1, 2)]
    left = max(_text_width(_compact(value)) for ticks in tick_values for value in ticks) + 10
    right = WIDTH - 8
    slot = (right - left) / len(ordered)
    bar_width = min(slot * 0.7, 48.0)
    body: list[str] = []
    panel_top = 0
    for series, (label, colour, ticks) in enumerate(
        ((comments_label, BRAND, tick_values[0]), (votes_label, OPEN, tick_values[1])), start=1
    ):
        total = sum(point[series] for point in ordered)
        heading = gettext("%(series)s: %(total)s in all") % {"series": label, "total": _number(total)}
        body.append(_rect(0, panel_top + 8, 16, 16, fill=colour))
        body.append(_text(24, panel_top + 23, _fit(heading, WIDTH - 24), weight="bold"))
        plot_top, plot_bottom = panel_top + 56, panel_top + 176
        scale = (plot_bottom - plot_top) / ticks[-1]
        for value in ticks:
            y = plot_bottom - value * scale
            body.append(_line(left, y, right, y, stroke=LINE if value else INK_SOFT))
            body.append(_text(left - 8, y + 7, _compact(value), anchor="end", fill=INK_SOFT))
        peak = max(range(len(ordered)), key=lambda index: (ordered[index][series], -index))
        for index, point in enumerate(ordered):
            value = point[series]
            if value:
                x = left + index * slot + (slot - bar_width) / 2
                body.append(_rect(x, plot_bottom - value * scale, bar_width, value * scale, fill=colour))
        if ordered[peak][series]:
            peak_label = _number(ordered[peak][series])
            centre = left + (peak + 0.5) * slot
            half = _text_width(peak_label) / 2
            x = min(max(centre, left + half), right - half)
            body.append(_text(x, plot_bottom - ordered[peak][series] * scale - 8, peak_label, anchor="middle"))
        panel_top = plot_bottom + 8

    first, last = _short_date(ordered[0][0]), _short_date(ordered[-1][0])
    date_y = panel_top + 20
    if len(ordered) == 1:
        body.append(_text((left + right) / 2, date_y, first, anchor="middle", fill=INK_SOFT))
    else:
        body.append(_text(left, date_y, first, fill=INK_SOFT))
        body.append(_text(right, date_y, last, anchor="end", fill=INK_SOFT))
    return _chart(chart_id, title=title, description=description, table=table, height=date_y + 12, body=body)


def who_took_part(*, groups: Sequence[tuple[str, int | None]], title: str, suppressed_label: str) -> Chart:
    """Participants per group (age band, country, language…) as horizontal bars, in the caller's order.

    A ``None`` count is a group too small to show. It is drawn as a hatched, outlined placeholder of
    a fixed length, unrelated to any count, labelled ``suppressed_label`` (e.g. "fewer than 10"); no
    number about it appears anywhere, in the drawing, the description or the table.
    """
    table = ChartTable(
        caption=title,
        columns=(gettext("Group"), gettext("Participants")),
        rows=tuple((label, suppressed_label if count is None else _number(count)) for label, count in groups),
    )
    description = _groups_description(groups, suppressed_label=suppressed_label)
    chart_id = _chart_id("groups", title, suppressed_label, groups)
    if not groups:
        return _chart(
            chart_id, title=title, description=description, table=table, height=80, body=_empty_note(description)
        )

    shown = [count for _, count in groups if count is not None]
    value_room = max((_text_width(_number(count)) for count in shown), default=0) + 16
    longest_bar = WIDTH - 2 - value_room
    scale = longest_bar / max(max(shown, default=0), 1)
    placeholder = 40
    hatch_id = f"{chart_id}-hatch"
    body = [_hatch_pattern(hatch_id)] if None in (count for _, count in groups) else []
    row_height = 68
    for index, (label, count) in enumerate(groups):
        top = index * row_height
        group = [_text(0, top + 20, _fit(label, WIDTH))]
        if count is None:
            group.append(_rect(2, top + 30, placeholder, 24, fill=f"url(#{hatch_id})", stroke=INK_SOFT, dashed=True))
            text_x = 2 + placeholder + 8
            group.append(_text(text_x, top + 49, _fit(suppressed_label, WIDTH - text_x), fill=INK_SOFT))
        else:
            length = count * scale
            if count:
                group.append(_rect(2, top + 30, length, 24, fill=BRAND))
            group.append(_text(2 + length + 8, top + 49, _number(count), weight="bold"))
        body.append("<g>" + "".join(group) + "</g>")
    height = len(groups) * row_height
    return _chart(chart_id, title=title, description=description, table=table, height=height, body=body)


def vote_bar(*, agree: int, disagree: int, passed: int, title: str) -> Chart:
    """Agree, disagree and pass as one bar split 100 %, with each count and share written beneath.

    Shares are rounded so they add up to exactly 100 % (largest remainder). Disagree is hatched as
    well as coloured, and the order is the same in the bar and in the key.
    """
    counts = (agree, disagree, passed)
    total = sum(counts)
    shares = _whole_percentages(counts)
    choices = (pgettext("vote", "Agree"), pgettext("vote", "Disagree"), pgettext("vote", "Pass"))
    table = ChartTable(
        caption=title,
        columns=(gettext("Vote"), gettext("Votes"), gettext("Share")),
        rows=tuple(
            (choice, _number(count), _percent(share))
            for choice, count, share in zip(choices, counts, shares, strict=True)
        ),
    )
    if total:
        description = gettext(
            "%(agree)s agree (%(agree_share)s), %(disagree)s disagree (%(disagree_share)s) "
            "and %(passed)s pass (%(pass_share)s)."
        ) % {
            "agree": _number(agree),
            "agree_share": _percent(shares[0]),
            "disagree": _number(disagree),
            "disagree_share": _percent(shares[1]),
            "passed": _number(passed),
            "pass_share": _percent(shares[2]),
        }
    else:
        description = gettext("No votes yet.")
    chart_id = _chart_id("votes", title, counts)
    hatch_id = f"{chart_id}-hatch"
    fills = (OPEN, f"url(#{hatch_id})", LINE)
    body = [_hatch_pattern(hatch_id, background=UPCOMING, stroke=PAPER)]
    bar_left, bar_width, bar_top, bar_height = 1, WIDTH - 2, 1, 48
    x = float(bar_left)
    for count, fill in zip(counts, fills, strict=True):
        if count:
            width = bar_width * count / total
            body.append(_rect(x, bar_top, width, bar_height, fill=fill))
            x += width
    body.append(_rect(bar_left, bar_top, bar_width, bar_height, fill="none", stroke=INK_SOFT))
    if not total:
        body.append(_text(WIDTH / 2, bar_top + 31, description, anchor="middle", fill=INK_SOFT))
    for index, (choice, count, share, fill) in enumerate(zip(choices, counts, shares, fills, strict=True)):
        top = bar_top + bar_height + 16 + index * 32
        body.append(_rect(1, top + 4, 20, 20, fill=fill, stroke=INK_SOFT))
        key = gettext("%(choice)s: %(count)s (%(share)s)") % {
            "choice": choice,
            "count": _number(count),
            "share": _percent(share),
        }
        body.append(_text(32, top + 21, _fit(key, WIDTH - 32)))
    height = bar_top + bar_height + 16 + 3 * 32
    return _chart(chart_id, title=title, description=description, table=table, height=height, body=body)


def chart_png(chart: Chart, *, scale: float = 2.0) -> bytes:
    """The chart as a PNG for email, where inline SVG is not shown; ``scale`` 2 stays sharp on
    high-density screens when the image is displayed :data:`WIDTH` px wide."""
    # Imported here: it loads the cairo library, which only mail rendering needs.
    import cairosvg

    return cairosvg.svg2png(bytestring=str(chart.svg).encode(), scale=scale, background_color=PAPER)


# --- Descriptions -------------------------------------------------------------------------------


def _participation_description(points: list[tuple[date, int, int]], *, period: str) -> str:
    if not points:
        return gettext("No comments or votes yet.")
    comment_total = sum(point[1] for point in points)
    vote_total = sum(point[2] for point in points)
    amounts = {
        "comments": ngettext("%(count)s comment", "%(count)s comments", comment_total)
        % {"count": _number(comment_total)},
        "votes": ngettext("%(count)s vote", "%(count)s votes", vote_total) % {"count": _number(vote_total)},
    }
    if len(points) == 1:
        return gettext("On %(start)s: %(comments)s and %(votes)s.") % {**amounts, "start": _long_date(points[0][0])}
    busiest = max(points, key=lambda point: (point[1], point[2], -point[0].toordinal()))
    busiest_text = (
        gettext("the most comments were on %(day)s")
        if period == "day"
        else gettext("the most comments were in the week of %(day)s")
    ) % {"day": _long_date(busiest[0])}
    return gettext("From %(start)s to %(end)s: %(comments)s and %(votes)s; %(busiest)s.") % {
        **amounts,
        "start": _long_date(points[0][0]),
        "end": _long_date(points[-1][0]),
        "busiest": busiest_text,
    }


def _groups_description(groups: Sequence[tuple[str, int | None]], *, suppressed_label: str) -> str:
    if not groups:
        return gettext("No one has taken part yet.")
    shown = [(label, count) for label, count in groups if count is not None]
    if not shown:
        return gettext("Every group is too small to count and is shown only as “%(suppressed_label)s”.") % {
            "suppressed_label": suppressed_label
        }
    # The first of equal groups, in the caller's order.
    label, count = max(shown, key=lambda group: group[1])
    values = {"group": label, "count": _number(count), "suppressed_label": suppressed_label}
    if len(shown) < len(groups):
        return (
            gettext(
                "The largest group was %(group)s (%(count)s); "
                "the smallest groups are shown only as “%(suppressed_label)s”."
            )
            % values
        )
    return gettext("The largest group was %(group)s (%(count)s).") % values


# --- Numbers and dates --------------------------------------------------------------------------


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _compact(value: int) -> str:
    """An axis tick: 950, 1k, 1.5k, 10k, 2M, in the active language."""
    for size, pattern in (
        (1_000_000_000, pgettext("chart axis: billions, e.g. 2B", "%(number)sB")),
        (1_000_000, pgettext("chart axis: millions, e.g. 2M", "%(number)sM")),
        (1_000, pgettext("chart axis: thousands, e.g. 2k", "%(number)sk")),
    ):
        if value >= size:
            whole, rest = divmod(value, size)
            # Ticks are multiples of 1, 2 or 5 × 10ⁿ, so one decimal is always enough.
            shown = number_format(whole, force_grouping=True) if not rest else number_format(value / size, 1)
            return pattern % {"number": shown}
    return _number(value)


def _percent(share: int) -> str:
    return gettext("%(percent)s%%") % {"percent": _number(share)}


def _long_date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _short_date(day: date) -> str:
    return date_format(day, "MONTH_DAY_FORMAT")


def _axis(maximum: int) -> list[int]:
    """Tick values from 0 to a round number at or above ``maximum``: at most four steps of 1, 2 or 5 × 10ⁿ."""
    step = 1
    while True:
        for multiple in (1, 2, 5):
            if -(-maximum // (step * multiple)) <= 4:
                count = max(-(-maximum // (step * multiple)), 1)
                return [index * step * multiple for index in range(count + 1)]
        step *= 10


def _whole_percentages(counts: tuple[int, ...]) -> tuple[int, ...]:
    total = sum(counts)
    if not total:
        return tuple(0 for _ in counts)
    floors = [count * 100 // total for count in counts]
    # Largest remainders get the points lost to rounding down; ties go to the earlier choice.
    by_remainder = sorted(range(len(counts)), key=lambda index: (-(counts[index] * 100 % total), index))
    for index in by_remainder[: 100 - sum(floors)]:
        floors[index] += 1
    return tuple(floors)


# --- SVG ----------------------------------------------------------------------------------------


def _chart_id(kind: str, *parts: object) -> str:
    # Unique per content, so several charts on one page never share ids, and stable across runs.
    digest = hashlib.blake2s(repr((kind, *parts)).encode(), digest_size=5).hexdigest()
    return f"chart-{digest}"


def _chart(chart_id: str, *, title: str, description: str, table: ChartTable, height: float, body: list[str]) -> Chart:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{INK}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )
    # Safe: every text above and in ``body`` went through escape(); the rest is our own markup.
    return Chart(svg=mark_safe(svg), title=title, description=description, table=table)  # noqa: S308  # nosec B308 B703


def _n(value: float) -> str:
    """A coordinate, rounded so that output is stable and short."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _text_width(text: str) -> float:
    return len(text) * _GLYPH_WIDTH


def _fit(text: str, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width``; the table beside the chart has it whole."""
    fitting = int(width // _GLYPH_WIDTH)
    return text if len(text) <= fitting else text[: max(fitting - 1, 1)].rstrip() + _ELLIPSIS


def _text(x: float, y: float, content: str, *, anchor: str = "start", fill: str = INK, weight: str = "normal") -> str:
    attributes = f'x="{_n(x)}" y="{_n(y)}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if fill != INK:
        attributes += f' fill="{fill}"'
    if weight != "normal":
        attributes += f' font-weight="{weight}"'
    return f"<text {attributes}>{escape(content)}</text>"


def _rect(
    x: float, y: float, width: float, height: float, *, fill: str, stroke: str | None = None, dashed: bool = False
) -> str:
    attributes = f'x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{fill}"'
    if stroke:
        attributes += f' stroke="{stroke}" stroke-width="2"'
    if dashed:
        attributes += ' stroke-dasharray="4 3"'
    return f"<rect {attributes}/>"


def _line(x1: float, y1: float, x2: float, y2: float, *, stroke: str) -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" stroke-width="1"/>'


def _hatch_pattern(pattern_id: str, *, background: str = PAPER, stroke: str = INK_SOFT) -> str:
    return (
        f'<defs><pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{background}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{stroke}" stroke-width="3"/></pattern></defs>'
    )


def _empty_note(description: str) -> list[str]:
    return [_text(WIDTH / 2, 48, _fit(description, WIDTH), anchor="middle", fill=INK_SOFT)]
