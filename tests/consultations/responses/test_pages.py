"""The response on the consultation page, the form that writes it and the progress form."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from consultations.responses import services
from consultations.responses.models import Commitment, Response
from consultations.responses.services import CommitmentInput
from tests.consultations.responses.conftest import close

pytestmark = pytest.mark.django_db


def _publish(page, user, commitments=None, **parts):
    values = {
        "heard": "You said the park is dark.\n\nAnd the bus stop is <b>scary</b>.",
        "will_do": "We will fix the lights.",
        "will_not": "We will not close the park at night, because you use it.",
    }
    values.update(parts)
    commitments = commitments if commitments is not None else [CommitmentInput(text="Repair the lights")]
    response = services.response_save(author=user, consultation=page, commitments=commitments, **values)
    return services.response_publish(author=user, response_id=response.pk)


def _html(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def _day(moment) -> str:
    return date_format(timezone.localtime(moment) if hasattr(moment, "tzinfo") else moment, "j F Y")


def _form(heard="We heard you.", will_do="We will act.", will_not="Not this, because.", rows=(), initial=0, **extra):
    data = {
        "heard": heard,
        "will_do": will_do,
        "will_not": will_not,
        "commitments-TOTAL_FORMS": str(len(rows)),
        "commitments-INITIAL_FORMS": str(initial),
        "commitments-MIN_NUM_FORMS": "0",
        "commitments-MAX_NUM_FORMS": "30",
        **extra,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"commitments-{i}-{key}"] = value
    return data


class TestOnTheConsultationPage:
    def test_the_published_response_with_its_commitments(self, client, consultation_a, editor_a):
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = _publish(
            consultation_a,
            editor_a,
            [
                CommitmentInput(text="Repair the lights", status="done", date=timezone.localdate()),
                CommitmentInput(text="Ask the bus company", status="in_progress", date=tomorrow),
                CommitmentInput(text="A youth café", status="dropped"),
            ],
        )
        html = _html(client, consultation_a)
        section = html[html.index('id="response"') :]
        assert "You said, we did" in section
        assert f"Published by Safe Streets Youth on {_day(response.published_at)}." in section
        # Plain text: escaped, paragraphs from blank lines, never HTML.
        assert "<p>You said the park is dark.</p>" in section
        assert "&lt;b&gt;scary&lt;/b&gt;" in section and "<b>scary</b>" not in section
        for heading in ("What we heard", "What we will do", "What we will not do, and why"):
            assert f"<h3>{heading}</h3>" in section
        assert section.index("Repair the lights") < section.index("Ask the bus company") < section.index("A youth café")
        assert "commitment-status--done" in section and f"Done on {_day(timezone.localdate())}" in section
        assert f"Due by {_day(tomorrow)}" in section and "In progress" in section
        assert "Dropped" in section
        assert "Updated on" not in section  # nothing changed since publication
        assert "Write the response" not in html and "Update progress" not in html  # for the organisers only
        # The section sits after the discussion and before the moderation figures.
        assert html.index('id="discussion"') < html.index('id="response"') < html.index('id="moderation-heading"')

    def test_a_change_after_publication_shows_as_an_update(self, client, consultation_a, editor_a):
        response = _publish(consultation_a, editor_a)
        Response.objects.filter(pk=response.pk).update(published_at=timezone.now() - timedelta(days=3))
        commitment = response.commitments.get()
        services.commitment_update(author=editor_a, commitment_id=commitment.pk, status="done", date=None)
        assert f"Updated on {_day(timezone.now())}." in _html(client, consultation_a)

    def test_an_open_consultation_says_a_response_will_follow(self, client, consultation_a):
        html = _html(client, consultation_a)
        due = _day(consultation_a.closes_at + timedelta(days=settings.YOUTHVOICE_RESPONSE_DUE_DAYS))
        assert f"the organisers will publish a response here, by {due} at the latest." in html
        assert "Response due by" not in html and "The response is late" not in html

    def test_after_closing_the_due_date_is_shown(self, client, consultation_a):
        close(consultation_a, days_ago=5)
        due = consultation_a.closes_at + timedelta(days=settings.YOUTHVOICE_RESPONSE_DUE_DAYS)
        html = _html(client, consultation_a)
        assert f"Response due by {_day(due)}." in html
        assert "The response is late" not in html

    def test_past_the_due_date_the_page_says_plainly_that_it_is_late(self, client, consultation_a):
        close(consultation_a, days_ago=settings.YOUTHVOICE_RESPONSE_DUE_DAYS + 1)
        due = consultation_a.closes_at + timedelta(days=settings.YOUTHVOICE_RESPONSE_DUE_DAYS)
        html = _html(client, consultation_a)
        assert f"The response is late: it was due on {_day(due)}." in html
        assert "Safe Streets Youth has not yet published what it heard and what it will do." in html
        assert "Response due by" not in html

    def test_a_late_response_once_published_is_no_longer_late(self, client, consultation_a, editor_a):
        close(consultation_a, days_ago=settings.YOUTHVOICE_RESPONSE_DUE_DAYS + 1)
        _publish(consultation_a, editor_a)
        html = _html(client, consultation_a)
        assert "The response is late" not in html and "We will fix the lights." in html

    def test_a_draft_is_not_public(self, client, consultation_a, editor_a):
        services.response_save(
            author=editor_a,
            consultation=consultation_a,
            heard="Secret draft",
            will_do="x",
            will_not="y",
            commitments=[],
        )
        assert "Secret draft" not in _html(client, consultation_a)
        client.force_login(editor_a)
        html = _html(client, consultation_a)
        assert "Secret draft" not in html
        assert "Write the response" in html and "A draft is saved; it is not public yet." in html

    def test_people_who_may_answer_get_the_links(self, client, consultation_a, editor_a):
        _publish(consultation_a, editor_a)
        client.force_login(editor_a)
        html = _html(client, consultation_a)
        assert f'href="/en/consultations/{consultation_a.pk}/response/"' in html and "Edit the response" in html
        commitment = Commitment.objects.get()
        assert f'href="/en/responses/commitments/{commitment.pk}/progress/"' in html


class TestQueryCost:
    """The section costs one query (the response, who published it, whether the viewer may write it)
    and one more for the commitments of a published response, however many there are."""

    def _queries(self, client, page) -> list[str]:
        client.get(page.url)  # warm Wagtail's per-site caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    @staticmethod
    def _ours(queries: list[str]) -> list[str]:
        return [sql for sql in queries if "responses_" in sql]

    @pytest.mark.parametrize("signed_in", [False, True])
    def test_constant_and_small(self, client, consultation_a, editor_a, participant, signed_in):
        if signed_in:
            client.force_login(participant)
        notice = 1 if signed_in else 0  # base.html asks a signed-in person for unseen notices
        before = self._queries(client, consultation_a)
        assert len(self._ours(before)) == notice + 1

        _publish(consultation_a, editor_a, [CommitmentInput(text=f"Step {n}") for n in range(2)])
        few = self._queries(client, consultation_a)
        assert len(self._ours(few)) == notice + 2
        assert len(few) == len(before) + 1

        response = Response.objects.get()
        Commitment.objects.bulk_create([Commitment(response=response, text=f"More {n}") for n in range(20)])
        many = self._queries(client, consultation_a)
        assert len(many) == len(few)
        assert "More 19" in client.get(consultation_a.url).content.decode()


class TestTheResponseForm:
    url = "/en/consultations/{}/response/"

    def test_the_form_offers_five_blank_commitment_rows(self, client, consultation_a, editor_a):
        client.force_login(editor_a)
        html = client.get(self.url.format(consultation_a.pk)).content.decode()
        assert 'name="commitments-TOTAL_FORMS" value="5"' in html
        assert len(re.findall(r'name="commitments-\d-text"', html)) == 5
        assert '<label for="id_heard">What we heard</label>' in html
        assert "Save and publish" in html and "Save draft" in html

    def test_saving_a_draft_keeps_it_private_and_blank_rows_are_ignored(self, client, consultation_a, editor_a):
        client.force_login(editor_a)
        rows = [
            {"text": "Repair the lights", "status": "planned", "date": "2030-05-01"},
            {"text": "", "status": "planned"},
        ]
        response = client.post(self.url.format(consultation_a.pk), _form(rows=rows, save="1"))
        assert response.status_code == 302
        saved = Response.objects.get()
        assert saved.published_at is None and saved.author == editor_a
        assert [(c.text, c.date.isoformat()) for c in saved.commitments.all()] == [("Repair the lights", "2030-05-01")]
        html = client.get(self.url.format(consultation_a.pk)).content.decode()
        assert "Draft saved" in html and "Repair the lights" in html
        assert 'name="commitments-TOTAL_FORMS" value="6"' in html  # the saved row and five blank ones

    def test_publishing_by_the_button(self, client, consultation_a, editor_a, django_capture_on_commit_callbacks):
        client.force_login(editor_a)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url.format(consultation_a.pk), _form(publish="1"))
        assert response.status_code == 302 and response["Location"].endswith("#response")
        assert Response.objects.get().published_at is not None
        assert "We will act." in _html(client, consultation_a)

    def test_invalid_input_is_refused_with_everything_typed_kept(self, client, consultation_a, editor_a):
        client.force_login(editor_a)
        too_long = "word " * 1001
        rows = [{"text": "", "status": "done", "date": "2030-05-01"}, {"text": "Keep me", "status": "planned"}]
        response = client.post(
            self.url.format(consultation_a.pk), _form(heard=too_long, will_not="", rows=rows, publish="1")
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert not Response.objects.exists()
        assert 'role="alert"' in html and "Nothing you wrote has been lost." in html
        assert "Ensure this value has at most 5000 characters (it has 5004)." in html
        assert too_long.strip() in html and "We will act." in html and "Keep me" in html
        assert 'aria-invalid="true"' in html
        assert re.search(r'<textarea name="heard"[^>]*aria-describedby="id_heard_helptext id_heard_error"', html)
        assert 'value="2030-05-01"' in html  # the row whose text is missing keeps its date

    def test_a_service_refusal_shows_above_the_form_with_the_text_kept(self, client, consultation_a, editor_a):
        response = _publish(consultation_a, editor_a)
        commitment = response.commitments.get()
        client.force_login(editor_a)
        # Published commitments stay on the record; the form offers no "remove" box, a forged post is refused.
        rows = [{"id": str(commitment.pk), "text": "Repair the lights", "status": "planned"}]
        posted = client.post(self.url.format(consultation_a.pk), _form(heard="Edited heard", rows=[], initial=0))
        html = posted.content.decode()
        assert posted.status_code == 400
        assert "mark one as dropped" in html and "Edited heard" in html
        assert Response.objects.get().heard.startswith("You said the park is dark.")
        posted = client.post(self.url.format(consultation_a.pk), _form(heard="Edited heard", rows=rows, initial=1))
        assert posted.status_code == 302
        assert Response.objects.get().heard == "Edited heard"

    def test_progress_on_a_commitment(self, client, consultation_a, editor_a):
        response = _publish(consultation_a, editor_a)
        commitment = response.commitments.get()
        client.force_login(editor_a)
        url = f"/en/responses/commitments/{commitment.pk}/progress/"
        assert "Repair the lights" in client.get(url).content.decode()
        refused = client.post(url, {"status": "finished", "date": "not a date"})
        assert refused.status_code == 400 and "not a date" in refused.content.decode()
        done = client.post(url, {"status": "done", "date": "2030-01-31"})
        assert done.status_code == 302 and done["Location"].endswith(f"#commitment-{commitment.pk}")
        assert "Done on 31 January 2030" in _html(client, consultation_a)


class TestServiceRules:
    def test_removing_commitments_before_publication(self, consultation_a, editor_a):
        first = services.response_save(
            author=editor_a,
            consultation=consultation_a,
            heard="h",
            will_do="d",
            will_not="n",
            commitments=[CommitmentInput(text="One"), CommitmentInput(text="Two")],
        )
        two = first.commitments.get(text="Two")
        services.response_save(
            author=editor_a,
            consultation=consultation_a,
            heard="h",
            will_do="d",
            will_not="n",
            commitments=[CommitmentInput(text="Two, reworded", id=two.pk), CommitmentInput(text="Three")],
        )
        assert [c.text for c in Commitment.objects.all()] == ["Two, reworded", "Three"]

    @pytest.mark.parametrize(
        ("changes", "code"),
        [
            ({"heard": "   "}, "heard_required"),
            ({"will_not": "x" * 5001}, "will_not_too_long"),
            ({"commitments": [CommitmentInput(text="ok", status="finished")]}, "bad_status"),
            ({"commitments": [CommitmentInput(text=" ")]}, "commitment_required"),
            ({"commitments": [CommitmentInput(text="x", id=999999)]}, "bad_commitment"),
        ],
    )
    def test_bad_input_is_refused_with_a_reason(self, consultation_a, editor_a, changes, code):
        from youthvoice.errors import ServiceError

        values = {"heard": "h", "will_do": "d", "will_not": "n", "commitments": []}
        values.update(changes)
        with pytest.raises(ServiceError) as caught:
            services.response_save(author=editor_a, consultation=consultation_a, **values)
        assert caught.value.code == code and caught.value.message
        assert not Response.objects.exists()
