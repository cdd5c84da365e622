"""Moderation end to end through the services, the pages and the sockets."""

import pytest
from django.core import mail
from django.db import DatabaseError, transaction
from django.test import override_settings

from consultations.models import Comment
from consultations.moderation import services
from consultations.moderation.models import ModerationAction, ModerationFigures
from consultations.services import comment_create, vote_cast
from tests.factories import UserFactory
from youthvoice.errors import ServiceError
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action


def _post(author, page, question, body="I would like more lights in the park."):
    return comment_create(author=author, consultation=page, question_id=question.pk, body=body)


def _refused(call, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call(**kwargs)
    return caught.value


class TestScreeningOnPosting:
    def test_a_minors_phone_number_is_held_with_the_reason(self, consultation_a, question_a, minor):
        comment = _post(minor, consultation_a, question_a, "Text me on +389 70 123 456 about it")
        assert comment.status == Comment.Status.PENDING
        assert "phone" in comment.held_for and comment.in_queue
        assert "phone number" in comment.held_message
        assert comment.body == "Text me on +389 70 123 456 about it"  # never silently changed
        entry = ModerationAction.objects.get(comment=comment)
        assert (entry.action, entry.is_automatic) == (Action.HELD, True)

    def test_an_adult_sharing_a_phone_number_is_published(self, consultation_a, question_a, adult):
        assert _post(adult, consultation_a, question_a, "Call +389 70 123 456").status == Comment.Status.PUBLISHED

    def test_word_list_holds_for_everyone(self, consultation_a, question_a, adult):
        with override_settings(YOUTHVOICE_SCREENING_WORDS={"*": ["lampposts"]}):
            comment = _post(adult, consultation_a, question_a, "The lampposts are broken")
        assert comment.status == Comment.Status.PENDING and "word_list" in comment.held_for


class TestPermissions:
    def test_other_organisations_moderators_cannot_act(self, consultation_a, question_a, adult, moderator_b):
        comment = _post(adult, consultation_a, question_a)
        error = _refused(services.comment_hide, moderator=moderator_b, comment_id=comment.pk, reason="spam")
        assert error.code == "not_found"

    def test_co_host_moderators_can_act(self, consultation_a, question_a, adult, org_b, moderator_b):
        consultation_a.co_hosts.add(org_b)
        consultation_a.save()
        comment = _post(adult, consultation_a, question_a)
        assert services.comment_hide(moderator=moderator_b, comment_id=comment.pk, reason="spam").status == "hidden"

    def test_queue_pages_show_only_own_organisations_items(
        self, client, consultation_a, question_a, minor, moderator_a, moderator_b
    ):
        held = _post(minor, consultation_a, question_a, "Held words from a minor")
        client.force_login(moderator_a)
        assert f'data-item="{held.pk}"' in client.get("/en/moderation/").content.decode()
        client.force_login(moderator_b)
        assert f'data-item="{held.pk}"' not in client.get("/en/moderation/").content.decode()
        client.post(f"/en/moderation/comments/{held.pk}/approve/")
        assert Comment.objects.get(pk=held.pk).status == Comment.Status.PENDING

    @pytest.mark.parametrize("url", ["/en/moderation/", "/en/moderation/log/"])
    def test_participants_cannot_reach_moderation_urls(self, client, url):
        client.force_login(UserFactory())
        assert client.get(url).status_code == 403
        client.logout()
        assert client.get(url).status_code == 302  # to the login page

    def test_participants_cannot_act(self, client, consultation_a, question_a, minor, adult):
        held = _post(minor, consultation_a, question_a)
        client.force_login(adult)
        assert client.post(f"/en/moderation/comments/{held.pk}/approve/").status_code == 403
        assert Comment.objects.get(pk=held.pk).status == Comment.Status.PENDING


class TestPreModeration:
    def test_pending_is_visible_to_author_and_moderators_only(
        self, client, consultation_a, question_a, minor, moderator_a, adult
    ):
        held = _post(minor, consultation_a, question_a, "Only for moderators for now")
        url = f"{consultation_a.url}?question={question_a.pk}"
        client.force_login(minor)
        author_view = client.get(url).content.decode()
        assert "Only for moderators for now" in author_view and "Waiting for review" in author_view
        client.force_login(adult)
        assert "Only for moderators for now" not in client.get(url).content.decode()
        client.logout()
        assert "Only for moderators for now" not in client.get(url).content.decode()
        client.force_login(moderator_a)
        assert "Only for moderators for now" in client.get("/en/moderation/").content.decode()
        services.comment_approve(moderator=moderator_a, comment_id=held.pk)
        assert "Only for moderators for now" in client.get(url).content.decode()


class TestFlags:
    def test_auto_hide_at_the_threshold_with_one_audit_entry_per_action(self, consultation_a, question_a, adult):
        comment = _post(adult, consultation_a, question_a)
        reporters = [UserFactory() for _ in range(3)]
        services.comment_flag(reporter=reporters[0], comment_id=comment.pk, reason="abusive")
        services.comment_flag(reporter=reporters[1], comment_id=comment.pk, reason="spam")
        comment.refresh_from_db()
        assert comment.status == "published" and comment.in_queue and comment.flag_count == 2
        assert not ModerationAction.objects.filter(comment=comment).exists()
        services.comment_flag(reporter=reporters[2], comment_id=comment.pk, reason="abusive")
        comment.refresh_from_db()
        assert (comment.status, comment.hidden_reason) == ("hidden", "abusive")
        assert list(ModerationAction.objects.filter(comment=comment).values_list("action", "is_automatic")) == [
            (Action.AUTO_HIDDEN, True)
        ]
        figures = ModerationFigures.objects.get(consultation=consultation_a)
        assert (figures.published, figures.hidden_abusive) == (0, 1)

    def test_one_report_per_person(self, consultation_a, question_a, adult):
        comment = _post(adult, consultation_a, question_a)
        reporter = UserFactory()
        services.comment_flag(reporter=reporter, comment_id=comment.pk, reason="spam")
        error = _refused(services.comment_flag, reporter=reporter, comment_id=comment.pk, reason="spam")
        assert error.code == "already_reported"
        assert Comment.objects.get(pk=comment.pk).flag_count == 1

    def test_reporting_by_form(self, client, consultation_a, question_a, adult):
        comment = _post(adult, consultation_a, question_a)
        client.force_login(UserFactory())
        response = client.post(f"/en/discussion/comments/{comment.pk}/report/", {"reason": "off_topic"})
        assert response.status_code == 302
        assert Comment.objects.get(pk=comment.pk).flag_count == 1
        response = client.post(f"/en/discussion/comments/{comment.pk}/report/", {"reason": "nonsense"})
        assert response.status_code == 400
        assert "Choose why you are reporting" in response.content.decode()


class TestActions:
    def test_each_action_is_logged_once_and_figures_follow(self, consultation_a, question_a, minor, moderator_a):
        comment = _post(minor, consultation_a, question_a)
        services.comment_approve(moderator=moderator_a, comment_id=comment.pk)
        services.comment_hide(moderator=moderator_a, comment_id=comment.pk, reason="personal_information", note="name")
        services.comment_restore(moderator=moderator_a, comment_id=comment.pk)
        actions = list(ModerationAction.objects.filter(comment=comment).order_by("id").values_list("action", flat=True))
        assert actions == [Action.HELD, Action.APPROVED, Action.HIDDEN, Action.RESTORED]
        figures = ModerationFigures.objects.get(consultation=consultation_a)
        assert (figures.published, figures.held, figures.hidden) == (1, 0, 0)

    def test_the_log_shows_claims_and_reasons_in_words(self, client, consultation_a, question_a, minor, moderator_a):
        comment = _post(minor, consultation_a, question_a, "Write to me at ana@example.org")
        services.comment_claim(moderator=moderator_a, comment_id=comment.pk)
        services.comment_hide(moderator=moderator_a, comment_id=comment.pk, reason="personal_information")
        actions = list(ModerationAction.objects.filter(comment=comment).order_by("id").values_list("action", flat=True))
        assert actions == [Action.HELD, Action.CLAIMED, Action.HIDDEN]
        client.force_login(moderator_a)
        html = client.get("/en/moderation/log/").content.decode()
        assert "screening: an email address" in html and "taken for review" in html
        assert ">personal information</td>" in html and "personal_information" not in html

    def test_recounting_gives_the_figures_the_services_kept(
        self, consultation_a, question_a, minor, adult, moderator_a
    ):
        from consultations.moderation.figures import figures_recount

        held = _post(minor, consultation_a, question_a)
        _post(minor, consultation_a, question_a)
        hidden = _post(adult, consultation_a, question_a)
        _post(adult, consultation_a, question_a)
        services.comment_hide(moderator=moderator_a, comment_id=hidden.pk, reason="spam")
        services.comment_approve(moderator=moderator_a, comment_id=held.pk)
        kept = ModerationFigures.objects.values().get(consultation=consultation_a)
        assert (kept["published"], kept["held"], kept["hidden_spam"]) == (2, 1, 1)
        ModerationFigures.objects.filter(consultation=consultation_a).update(published=99, held=0)
        figures_recount([consultation_a.pk])
        assert ModerationFigures.objects.values().get(consultation=consultation_a) | {"id": kept["id"]} == kept

    def test_hiding_needs_a_reason_from_the_list(self, consultation_a, question_a, adult, moderator_a):
        comment = _post(adult, consultation_a, question_a)
        assert (
            _refused(services.comment_hide, moderator=moderator_a, comment_id=comment.pk, reason="").code
            == "reason_required"
        )

    def test_hidden_comment_shows_the_reason_in_its_place(self, client, consultation_a, question_a, adult, moderator_a):
        comment = _post(adult, consultation_a, question_a, "My neighbour Ana lives at ...")
        services.comment_hide(moderator=moderator_a, comment_id=comment.pk, reason="personal_information")
        html = client.get(f"{consultation_a.url}?question={question_a.pk}").content.decode()
        assert "Hidden by moderators: personal information." in html
        assert "My neighbour Ana" not in html

    def test_escalation_emails_the_safeguarding_contact_only(
        self, consultation_a, question_a, minor, moderator_a, org_a, django_capture_on_commit_callbacks
    ):
        contact = UserFactory(email="safe@example.org")
        Membership.objects.create(organisation=org_a, user=contact, role="editor", is_safeguarding_contact=True)
        comment = _post(minor, consultation_a, question_a, "I do not feel safe at home")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.concern_escalate(moderator=moderator_a, comment_id=comment.pk, note="please call")
        assert [m.to for m in mail.outbox] == [["safe@example.org"]]
        assert "I do not feel safe at home" in mail.outbox[0].body
        assert ModerationAction.objects.filter(comment=comment, action=Action.ESCALATED).count() == 1

    def test_suspension_stops_writes_in_that_organisation(self, consultation_a, question_a, adult, moderator_a):
        comment = _post(adult, consultation_a, question_a)
        target = _post(UserFactory(), consultation_a, question_a)
        services.participant_suspend(moderator=moderator_a, comment_id=comment.pk, days=7, reason="abusive")
        assert _refused(_post, author=adult, page=consultation_a, question=question_a).code == "suspended"
        assert _refused(vote_cast, voter=adult, comment_id=target.pk, choice="agree").code == "suspended"


def test_the_audit_log_cannot_be_changed_or_deleted(consultation_a, question_a, minor):
    comment = _post(minor, consultation_a, question_a)
    entry = ModerationAction.objects.get(comment=comment)
    with pytest.raises(DatabaseError), transaction.atomic():
        ModerationAction.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        ModerationAction.objects.filter(pk=entry.pk).delete()
    assert ModerationAction.objects.get(pk=entry.pk).note == ""


class TestQueueCost:
    def test_the_queue_page_costs_the_same_queries_at_any_size(
        self, client, consultation_a, question_a, minor, moderator_a, org_a
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tests.factories import ConsultationPageFactory

        second = ConsultationPageFactory(organisation=org_a, questions=["What would you change?"])
        client.force_login(moderator_a)
        client.get("/en/moderation/")  # the session's first read is not the page's cost
        counts = []
        for _ in range(2):
            for page in (consultation_a, second):
                for _ in range(12):
                    _post(minor, page, page.questions.first())
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/en/moderation/")
            assert response.status_code == 200
            counts.append(len(captured))
        assert response.content.count(b" data-item=") == 20  # one full page, with more behind it
        assert b"after=" in response.content
        assert counts[0] == counts[1] <= 10

    def test_the_next_page_starts_after_the_last_item_shown(
        self, client, consultation_a, question_a, minor, moderator_a
    ):
        import re

        items = [_post(minor, consultation_a, question_a, f"Idea number {n}") for n in range(25)]
        client.force_login(moderator_a)
        first = client.get("/en/moderation/").content.decode()
        cursor = re.search(r'href="\?after=([^"]+)"', first).group(1)
        second = client.get(f"/en/moderation/?after={cursor}").content.decode()
        shown = [int(pk) for pk in re.findall(r' data-item="(\d+)"', first + second)]
        assert shown == [c.pk for c in items]
