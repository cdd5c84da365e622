from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from consultations.pages import ConsultationIndexPage, ConsultationPage, HomePage
from consultations.selectors import consultations_by_status
from consultations.status import ConsultationStatus, status_at
from tests.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db


def _dated(index, title: str, *, opens_in: int, closes_in: int) -> ConsultationPage:
    now = timezone.now()
    return ConsultationPageFactory(
        parent=index,
        title=title,
        opens_at=now + timedelta(days=opens_in),
        closes_at=now + timedelta(days=closes_in),
    )


class TestPageTree:
    def test_consultations_live_only_under_an_index(self, home_page, consultation_index):
        assert ConsultationPage.can_create_at(consultation_index)
        assert not ConsultationPage.can_create_at(home_page)

    def test_index_lives_under_the_home_page_only(self, home_page, consultation_index):
        assert ConsultationIndexPage.can_create_at(home_page)
        assert not ConsultationIndexPage.can_create_at(consultation_index)

    def test_home_page_is_the_site_root_after_migrations(self, home_page):
        from wagtail.models import Site

        assert Site.objects.get(is_default_site=True).root_page.specific == home_page
        assert isinstance(home_page, HomePage)

    def test_consultation_pages_take_no_children(self, consultation_index):
        page = ConsultationPageFactory(parent=consultation_index)
        assert page.specific_class.allowed_subpage_models() == []


class TestStatus:
    opens = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    closes = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)

    @pytest.mark.parametrize(
        ("moment", "expected"),
        [
            (opens - timedelta(seconds=1), ConsultationStatus.UPCOMING),
            (opens, ConsultationStatus.OPEN),
            (closes - timedelta(seconds=1), ConsultationStatus.OPEN),
            (closes, ConsultationStatus.CLOSED),
        ],
    )
    def test_status_is_derived_from_dates_at_the_boundaries(self, moment, expected):
        assert status_at(opens_at=self.opens, closes_at=self.closes, moment=moment) == expected

    def test_sql_filter_and_python_rule_agree(self, consultation_index):
        pages = [
            _dated(consultation_index, "open", opens_in=-1, closes_in=1),
            _dated(consultation_index, "upcoming", opens_in=2, closes_in=5),
            _dated(consultation_index, "closed", opens_in=-9, closes_in=-2),
        ]
        sections = {s.status: s.consultations for s in consultations_by_status(root=consultation_index)}
        for page in pages:
            assert sections[page.status] == [page]

    def test_closing_before_opening_is_rejected(self, consultation_index):
        page = ConsultationPageFactory.build(
            opens_at=timezone.now(), closes_at=timezone.now() - timedelta(days=1), min_age=16, max_age=14
        )
        page.locale = consultation_index.locale
        with pytest.raises(ValidationError) as raised:
            page.clean()
        assert set(raised.value.message_dict) == {"closes_at", "max_age"}

    def test_the_running_organisation_cannot_co_host(self, consultation_index):
        page = ConsultationPageFactory(parent=consultation_index)
        page.co_hosts = [page.organisation]
        with pytest.raises(ValidationError) as raised:
            page.clean()
        assert "co_hosts" in raised.value.message_dict


class TestRendering:
    def test_home_page_lists_open_consultations_only(self, client, consultation_index):
        _dated(consultation_index, "Open one", opens_in=-1, closes_in=3)
        _dated(consultation_index, "Later one", opens_in=3, closes_in=9)
        response = client.get("/en/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Open one" in html
        assert "Later one" not in html
        assert 'lang="en"' in html
        assert 'href="#main"' in html  # skip link

    def test_index_groups_by_status_in_order(self, client, consultation_index):
        _dated(consultation_index, "Closed talk", opens_in=-20, closes_in=-10)
        _dated(consultation_index, "Upcoming talk", opens_in=5, closes_in=10)
        _dated(consultation_index, "Open talk", opens_in=-1, closes_in=10)
        html = client.get(consultation_index.url).content.decode()
        positions = [html.index(t) for t in ("Open now", "Open talk", "Coming soon", "Upcoming talk", "Closed talk")]
        assert positions == sorted(positions)

    def test_draft_consultations_are_not_listed(self, client, consultation_index):
        page = _dated(consultation_index, "Secret draft", opens_in=-1, closes_in=3)
        page.unpublish()
        assert "Secret draft" not in client.get(consultation_index.url).content.decode()

    def test_consultation_page_shows_questions_summary_and_live_hook(self, client, consultation_index):
        page = ConsultationPageFactory(
            parent=consultation_index,
            title="Safer parks",
            easy_read_summary="Parks should feel safe.",
            questions=["What would help?", "Who should act?"],
        )
        html = client.get(page.url).content.decode()
        for text in ("Safer parks", "What would help?", "Who should act?", "Parks should feel safe."):
            assert text in html
        assert f'data-ws-path="/ws/consultations/{page.id}/"' in html
        assert page.organisation.name in html

    def test_pages_send_a_content_security_policy_without_inline_scripts(self, client, consultation_index):
        page = ConsultationPageFactory(parent=consultation_index)
        response = client.get(page.url)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "<script>" not in response.content.decode()

    def test_index_query_count_does_not_grow_with_consultations(self, client, consultation_index):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(consultation_index.url).status_code == 200
            return len(queries)

        for n in range(3):
            _dated(consultation_index, f"few {n}", opens_in=-1, closes_in=3)
        count()  # the first request warms Wagtail's per-site caches
        few = count()
        for n in range(20):
            _dated(consultation_index, f"many {n}", opens_in=n - 10, closes_in=n - 5)
        assert count() == few


class TestSearch:
    def test_consultations_are_search_indexed(self, consultation_index):
        page = ConsultationPageFactory(parent=consultation_index, summary="Street lights near the bus station")
        ConsultationPageFactory(parent=consultation_index, summary="Something else entirely")
        results = list(ConsultationPage.objects.live().search("lights"))
        assert results == [page]


class TestPrivatePages:
    """Wagtail's view restrictions, checked in one query (OneQueryViewRestrictionsMixin)."""

    def test_a_restricted_ancestor_keeps_its_consultations_private(self, client, consultation_index):
        page = ConsultationPageFactory(parent=consultation_index)
        assert client.get(page.url).status_code == 200
        PageViewRestriction.objects.create(page=consultation_index, restriction_type=PageViewRestriction.LOGIN)
        response = client.get(page.url)
        assert response.status_code == 302
        assert "/login/" in response.headers["Location"]

    def test_an_alias_carries_the_restrictions_of_its_source(self, client, consultation_index):
        ConsultationPageFactory(parent=consultation_index, slug="parks")
        alias = consultation_index.create_alias(update_slug="alias-index", recursive=True)
        alias_child = alias.get_children().get(slug="parks")
        assert client.get(alias_child.url).status_code == 200
        PageViewRestriction.objects.create(page=consultation_index, restriction_type=PageViewRestriction.LOGIN)
        assert client.get(alias_child.url).status_code == 302
        # The restriction is found in one query, however deep the page.
        alias_child = alias_child.specific
        with CaptureQueriesContext(connection) as queries:
            assert list(alias_child.get_view_restrictions())
        assert len(queries) == 1
