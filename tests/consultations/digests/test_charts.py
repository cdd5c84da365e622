"""Digest charts: well-formed, labelled SVG that screen readers can name, with the figures beside it."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string

from consultations.digests.charts import (
    FONT_SIZE,
    WIDTH,
    Chart,
    chart_png,
    participation_over_time,
    vote_bar,
    who_took_part,
)

SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 3, 1)


def days(*counts: tuple[int, int]) -> list[tuple[date, int, int]]:
    return [(START + timedelta(days=index), comments, votes) for index, (comments, votes) in enumerate(counts)]


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 (our own output, not untrusted input)


def texts(element: ET.Element) -> list[str]:
    return [text.text or "" for text in element.iter(f"{SVG}text")]


def every_chart() -> list[Chart]:
    return [
        participation_over_time(points=[], title="Nothing yet"),
        participation_over_time(points=days((3, 40)), title="One day"),
        participation_over_time(points=days(*((index % 7, index * 31) for index in range(60))), title="Sixty days"),
        participation_over_time(points=days((0, 0), (0, 0)), title="Quiet days"),
        who_took_part(groups=[], title="Nobody", suppressed_label="fewer than 10"),
        who_took_part(
            groups=[("12–14", None), ("15–17", 42), ("18+", 0)], title="Age", suppressed_label="fewer than 10"
        ),
        vote_bar(agree=12, disagree=5, passed=3, title="Votes"),
        vote_bar(agree=0, disagree=0, passed=0, title="No votes"),
    ]


@pytest.mark.parametrize("chart", every_chart(), ids=lambda chart: chart.title)
def test_every_chart_is_labelled_svg_that_scales(chart):
    root = parse(chart)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == chart.title
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}desc").text == chart.description
    # No fixed size: the view box scales the drawing to the width it is given.
    assert root.get("width") is None and root.get("height") is None
    min_x, min_y, width, height = map(float, root.get("viewBox").split())
    assert (min_x, min_y, width) == (0, 0, WIDTH) and height > 0
    assert all(0 <= float(text.get("x")) <= WIDTH for text in root.iter(f"{SVG}text"))
    assert all(
        float(rect.get("x")) + float(rect.get("width")) <= WIDTH for rect in root.iter(f"{SVG}rect") if rect.get("x")
    )
    # No style attribute or element: the page's CSP (style-src 'self') would drop it.
    assert "style" not in str(chart.svg)


def test_text_is_at_least_12_px_on_a_phone():
    # A 320 px screen less the page's 1 rem margins leaves 288 px; a <figure>'s default 40 px margins
    # at 360 px leave 248 px. Either way the drawing is at least 240 px wide.
    assert FONT_SIZE * 240 / WIDTH >= 12
    for chart in every_chart():
        assert {parse(chart).get("font-size")} == {str(FONT_SIZE)}
        assert not any(text.get("font-size") for text in parse(chart).iter(f"{SVG}text"))


def test_titles_and_labels_stay_text():
    title = '<script>alert("x")</script> & co'
    charts = [
        participation_over_time(points=days((1, 2)), title=title),
        who_took_part(groups=[("<b>bold</b> & more", 12), ("x", None)], title=title, suppressed_label="< k & so"),
        vote_bar(agree=1, disagree=1, passed=1, title=title),
    ]
    for chart in charts:
        root = parse(chart)
        assert root.find(f"{SVG}title").text == title
        assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
        assert "<script>" not in str(chart.svg)
        assert "&lt;script&gt;" in str(chart.svg)
    groups = parse(charts[1])
    assert "<b>bold</b> & more" in texts(groups)
    assert "< k & so" in texts(groups)


def test_a_suppressed_group_shows_no_number_anywhere():
    chart = who_took_part(
        groups=[("Under fifteen", None), ("Fifteen to seventeen", 42), ("Adults", 1234)],
        title="Who took part",
        suppressed_label="fewer than k",
    )
    suppressed_group = next(group for group in parse(chart).iter(f"{SVG}g") if "Under fifteen" in texts(group))

    assert texts(suppressed_group) == ["Under fifteen", "fewer than k"]
    assert chart.table.rows[0] == ("Under fifteen", "fewer than k")
    assert chart.table.rows[1:] == (("Fifteen to seventeen", "42"), ("Adults", "1,234"))
    # A hatched placeholder of fixed length, whatever the other groups count.
    placeholder = suppressed_group.find(f"{SVG}rect")
    assert placeholder.get("fill").startswith("url(#") and placeholder.get("stroke-dasharray")
    other = who_took_part(groups=[("Under fifteen", None), ("Adults", 7)], title="t", suppressed_label="fewer than k")
    widths = {
        group.find(f"{SVG}rect").get("width")
        for candidate in (chart, other)
        for group in parse(candidate).iter(f"{SVG}g")
        if "Under fifteen" in texts(group)
    }
    assert len(widths) == 1


def test_when_every_group_is_suppressed_no_digit_appears_in_text_description_or_table():
    chart = who_took_part(
        groups=[("Girls", None), ("Boys", None), ("Another way", None)], title="Gender", suppressed_label="fewer than k"
    )

    assert not re.search(r"\d", "".join(texts(parse(chart))))
    assert not re.search(r"\d", chart.description)
    assert not re.search(r"\d", "".join(cell for row in chart.table.rows for cell in row))
    assert "fewer than k" in chart.description


def test_the_largest_group_is_described_in_words():
    chart = who_took_part(groups=[("12–14", None), ("15–17", 42), ("18–21", 17)], title="Age", suppressed_label="<10")

    assert chart.description == "The largest group was 15–17 (42); the smallest groups are shown only as “<10”."
    assert chart.table.columns == ("Group", "Participants")


def test_same_input_same_bytes_and_distinct_ids_for_distinct_charts():
    first, second = every_chart(), every_chart()

    assert [str(chart.svg) for chart in first] == [str(chart.svg) for chart in second]
    ids = [parse(chart).find(f"{SVG}title").get("id") for chart in first]
    assert len(set(ids)) == len(ids)


def test_participation_with_no_points():
    chart = participation_over_time(points=[], title="Comments and votes")

    assert chart.description == "No comments or votes yet."
    assert chart.table.rows == ()
    assert texts(parse(chart)) == ["No comments or votes yet."]


def test_participation_with_one_point():
    chart = participation_over_time(points=days((3, 40)), title="Comments and votes")

    assert chart.description == "On March 1, 2026: 3 comments and 40 votes."
    assert chart.table.columns == ("Day", "Comments", "Votes")
    assert chart.table.rows == (("March 1, 2026", "3", "40"),)
    # A key swatch and one column per series.
    assert len(list(parse(chart).iter(f"{SVG}rect"))) == 4
    assert "March 1" in texts(parse(chart))


def test_participation_with_many_points_sorted_by_day_and_busiest_day_named():
    points = days(*((index % 5, index) for index in range(30)))
    chart = participation_over_time(points=list(reversed(points)), title="Comments and votes", period="week")

    assert [row[0] for row in chart.table.rows] == [f"March {day}, 2026" for day in range(1, 31)]
    assert chart.table.columns[0] == "Week starting"
    assert chart.description.startswith("From March 1, 2026 to March 30, 2026: 60 comments and 435 votes;")
    assert chart.description.endswith("the most comments were in the week of March 30, 2026.")
    labels = texts(parse(chart))
    assert "Comments: 60 in all" in labels and "Votes: 435 in all" in labels
    assert labels[-2:] == ["March 1", "March 30"]


def test_huge_numbers_get_short_axis_ticks_and_full_figures_in_the_table():
    chart = participation_over_time(points=days((12_345, 1_500_000), (99, 3_000_000_000_000)), title="Big")
    labels = texts(parse(chart))

    assert "3,000,000,000,000" in labels  # the busiest day, written out
    assert {"0", "10k", "5k", "15k"} <= set(labels)
    assert "1,000B" in labels or "1,500B" in labels
    assert chart.table.rows[1] == ("March 2, 2026", "99", "3,000,000,000,000")
    for rect in parse(chart).iter(f"{SVG}rect"):
        assert float(rect.get("y")) >= 0 and float(rect.get("height")) >= 0


def test_vote_bar_shares_add_up_to_100_and_are_written_out():
    chart = vote_bar(agree=1, disagree=1, passed=1, title="Votes")

    assert [row[2] for row in chart.table.rows] == ["34%", "33%", "33%"]
    assert chart.table.rows[0] == ("Agree", "1", "34%")
    assert chart.description == "1 agree (34%), 1 disagree (33%) and 1 pass (33%)."
    labels = texts(parse(chart))
    assert labels == ["Agree: 1 (34%)", "Disagree: 1 (33%)", "Pass: 1 (33%)"]
    segments = [rect for rect in parse(chart).iter(f"{SVG}rect") if rect.get("y") == "1" and rect.get("fill") != "none"]
    assert sum(float(rect.get("width")) for rect in segments) == pytest.approx(WIDTH - 2, abs=0.2)


def test_vote_bar_without_votes():
    chart = vote_bar(agree=0, disagree=0, passed=0, title="Votes")

    assert chart.description == "No votes yet."
    assert "No votes yet." in texts(parse(chart))
    assert [row[1:] for row in chart.table.rows] == [("0", "0%")] * 3


def test_template_shows_figure_caption_svg_and_a_real_table():
    chart = who_took_part(groups=[("12–14", None), ("15–17", 42)], title="Age & band", suppressed_label="fewer than 10")
    html = render_to_string("digests/includes/chart.html", {"chart": chart})

    assert '<figure class="chart">' in html
    assert '<figcaption class="chart__title">Age &amp; band</figcaption>' in html
    assert str(chart.svg) in html  # inline, not escaped
    assert "<caption>Age &amp; band</caption>" in html
    assert '<th scope="col">Group</th><th scope="col">Participants</th>' in html
    assert '<th scope="row">12–14</th><td>fewer than 10</td>' in html
    assert "<details" in html and " open" not in html
    assert '<details class="chart__data" open>' in render_to_string(
        "digests/includes/chart.html", {"chart": chart, "table_open": True}
    )


def test_template_leaves_out_an_empty_table():
    html = render_to_string("digests/includes/chart.html", {"chart": participation_over_time(points=[], title="t")})

    assert "<svg" in html and "<table" not in html


def test_png_for_email():
    png = chart_png(vote_bar(agree=3, disagree=2, passed=1, title="Votes"))

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    # Scale 2: twice the view box in pixels, sharp on high-density screens.
    assert int.from_bytes(png[16:20], "big") == 2 * WIDTH
