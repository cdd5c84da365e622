"""Who may do what, as one table: every URL of the platform tried as each kind of person.

Outcomes: ``ok`` (200), ``login`` (sent to sign in), ``away`` (redirected elsewhere), ``no`` (403 or
404: refused or not revealed), ``yes`` / ``-`` (for actions: whether the change happened in the
database, whatever page came back — a refused form answers with a message, not necessarily an error
status). ``test_every_url_is_in_the_matrix`` fails when a URL is added without a row here. The
WebSocket messages have their own table in ``tests/test_socket_authorisation_matrix.py``.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from consultations.digests import services as digests
from consultations.digests.models import Digest, Invitation, Subscription
from consultations.models import Comment, Vote
from consultations.moderation.models import Flag
from consultations.responses import services as responses
from consultations.responses.models import ResponseNotice
from consultations.services import comment_create
from tests import roles
from tests.factories import ConsultationPageFactory, OrganisationFactory, UserFactory
from tests.roles import ROLES

pytestmark = pytest.mark.django_db

# Columns follow ROLES. ok: the page (200); login: sent to sign in; no: 403 or 404; yes / -: the action
# happened / did not (a refused form answers with a message; an anonymous one too: the page asks them
# to sign in).
#                        anon     unverif  waiting  revoked  partic.  moder.   other m. policym. admin
MATRIX = {
    "read consultation":    ["ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
    "post comment":         ["-",     "-",     "-",     "-",     "yes",   "yes",   "yes",   "yes",   "yes"],
    "vote":                 ["-",     "-",     "-",     "-",     "yes",   "yes",   "yes",   "yes",   "yes"],
    "report a comment":     ["-",     "-",     "-",     "-",     "yes",   "yes",   "yes",   "yes",   "yes"],
    "edit another's comment": ["-",   "-",     "-",     "-",     "-",     "-",     "-",     "-",     "-"],
    "delete another's comment": ["-", "-",     "-",     "-",     "-",     "-",     "-",     "-",     "-"],
    "moderation queue":     ["login", "no",    "no",    "no",    "no",    "ok",    "ok",    "no",    "ok"],
    "hide a comment":       ["login", "-",     "-",     "-",     "-",     "yes",   "-",     "-",     "yes"],
    "hide in bulk":         ["login", "-",     "-",     "-",     "-",     "yes",   "-",     "-",     "yes"],
    "moderation log":       ["login", "no",    "no",    "no",    "no",    "ok",    "ok",    "no",    "ok"],
    # Everyone signed in sees their own follows and digests there (none, for most).
    "digest list":          ["login", "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
    "read approved digest": ["login", "no",    "no",    "no",    "no",    "ok",    "no",    "ok",    "ok"],
    "approved digest PDF":  ["login", "no",    "no",    "no",    "no",    "ok",    "no",    "ok",    "ok"],
    "approved digest CSV":  ["login", "no",    "no",    "no",    "no",    "ok",    "no",    "ok",    "ok"],
    "read draft digest":    ["login", "no",    "no",    "no",    "no",    "ok",    "no",    "no",    "ok"],
    "approve digest":       ["login", "-",     "-",     "-",     "-",     "yes",   "-",     "-",     "yes"],
    "generate a digest":    ["login", "-",     "-",     "-",     "-",     "yes",   "-",     "-",     "yes"],
    "follow consultation":  ["login", "-",     "-",     "-",     "-",     "-",     "-",     "yes",   "-"],
    "follow organisation":  ["login", "-",     "-",     "-",     "-",     "-",     "-",     "yes",   "-"],
    "invite a policymaker": ["login", "-",     "-",     "-",     "-",     "-",     "-",     "-",     "yes"],
    "unknown invitation":   ["no",    "no",    "no",    "no",    "no",    "no",    "no",    "no",    "no"],
    "write the response":   ["login", "no",    "no",    "no",    "no",    "no",    "no",    "ok",    "ok"],
    "commitment progress":  ["login", "no",    "no",    "no",    "no",    "no",    "no",    "ok",    "ok"],
    "dismiss another's notice": ["login", "-", "-",     "-",     "-",     "-",     "-",     "-",     "-"],
    "account overview":     ["login", "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
    # Only for people under 18; adults are sent to their account page.
    "guardian settings":    ["login", "away",  "ok",    "ok",    "away",  "away",  "away",  "away",  "away"],
    "delete account page":  ["login", "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
    "own data export":      ["login", "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
    "sign-up page":         ["ok",    "away",  "away",  "away",  "away",  "away",  "away",  "away",  "away"],
    "unknown guardian link": ["no",   "no",    "no",    "no",    "no",    "no",    "no",    "no",    "no"],
    "unknown manage link":  ["no",    "no",    "no",    "no",    "no",    "no",    "no",    "no",    "no"],
    "choose a language":    ["away",  "away",  "away",  "away",  "away",  "away",  "away",  "away",  "away"],
    "JavaScript catalogue": ["ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
    "open data":            ["ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
    "health check":         ["ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
}  # fmt: skip

# The URL each row exercises (by name), so that a URL without a row fails the coverage test.
URL_OF = {
    "read consultation": "wagtail_serve", "post comment": "comment_post", "vote": "comment_vote",
    "report a comment": "comment_flag", "edit another's comment": "comment_edit",
    "delete another's comment": "comment_delete", "moderation queue": "moderation_queue",
    "hide a comment": "moderation_act", "hide in bulk": "moderation_bulk", "moderation log": "moderation_log",
    # Everyone signed in sees their own follows and digests there (none, for most).
    "digest list": "digest_dashboard", "read approved digest": "digest_detail", "approved digest PDF": "digest_pdf",
    "approved digest CSV": "digest_csv", "read draft digest": "digest_detail", "approve digest": "digest_sign_off",
    "generate a digest": "digest_generate", "follow consultation": "digest_follow",
    "follow organisation": "digest_follow_organisation", "invite a policymaker": "digest_invite",
    "unknown invitation": "digest_invitation", "write the response": "response_edit",
    "commitment progress": "commitment_progress", "dismiss another's notice": "response_notice_dismiss",
    "account overview": "account_overview", "guardian settings": "account_guardian",
    "delete account page": "account_delete", "own data export": "account_export", "sign-up page": "account_signup",
    "unknown guardian link": "guardian_consent", "unknown manage link": "guardian_manage",
    "choose a language": "set_language", "JavaScript catalogue": "javascript_catalogue", "open data": "open_data",
    "health check": "health",
}  # fmt: skip
# Ours but not in the table, each for a reason; allauth's and Wagtail's own views are theirs to test.
NOT_IN_MATRIX = {
    "wagtailcore_authenticate_with_password": "Wagtail's password-protected pages; none are used",
    "wagtailcore_login": "Wagtail's login for restricted pages; allauth's is the one we link to",
}


@pytest.fixture
def world():
    organisation, other = OrganisationFactory(), OrganisationFactory()
    page = ConsultationPageFactory(organisation=organisation, questions=["What would help?"])
    question = page.questions.first()
    people = roles.people(organisation=organisation, other_organisation=other, consultation=page)
    author = UserFactory(age=25)
    target = comment_create(author=author, consultation=page, question_id=question.pk, body="Target comment")
    approved = digests.digest_generate(consultation=page, kind="weekly", until=timezone.now() - timedelta(minutes=5))
    digests.digest_approve(editor=people["admin"], digest_id=approved.pk)
    response = responses.response_save(
        author=people["admin"], consultation=page, heard="h", will_do="d", will_not="n",
        commitments=[responses.CommitmentInput(text="More lights")],
    )  # fmt: skip
    responses.response_publish(author=people["admin"], response_id=response.pk)
    notice, _ = ResponseNotice.objects.get_or_create(user=author, response=response)
    return {
        "page": page, "question": question, "people": people, "target": target, "approved": approved,
        "commitment": response.commitments.get(), "notice": notice, "author": author,
    }  # fmt: skip


def _draft(world) -> Digest:
    return digests.digest_generate(consultation=world["page"], kind="weekly", until=timezone.now())


def _page_outcome(response) -> str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    if response.status_code == 302:
        return "away"
    if response.status_code == 200:
        return "ok"
    if response.status_code in (403, 404, 410):
        return "no"
    return f"status {response.status_code}"


def _action_outcome(response, happened: bool) -> str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    assert response.status_code < 500
    return "yes" if happened else "-"


def _try(action: str, client: Client, world, role: str) -> str:
    page, target = world["page"], world["target"]
    if action == "read consultation":
        return _page_outcome(client.get(page.url))
    if action == "post comment":
        before = Comment.objects.count()
        response = client.post(
            f"/en/discussion/{page.pk}/comments/", {"question": world["question"].pk, "body": f"From {role}"}
        )
        return _action_outcome(response, Comment.objects.count() > before)
    if action == "vote":
        response = client.post(f"/en/discussion/comments/{target.pk}/vote/", {"choice": "agree"})
        voted = (
            Vote.objects.filter(comment=target, voter=world["people"][role]).exists() if role != "anonymous" else False
        )
        return _action_outcome(response, voted)
    if action == "moderation queue":
        return _page_outcome(client.get("/en/moderation/"))
    if action == "hide a comment":
        fresh = comment_create(
            author=UserFactory(age=26), consultation=page, question_id=world["question"].pk, body="x"
        )
        response = client.post(f"/en/moderation/comments/{fresh.pk}/hide/", {"reason": "spam"})
        return _action_outcome(response, Comment.objects.get(pk=fresh.pk).status == Comment.Status.HIDDEN)
    if action == "moderation log":
        return _page_outcome(client.get("/en/moderation/log/"))
    if action == "read approved digest":
        return _page_outcome(client.get(f"/en/digests/{world['approved'].pk}/"))
    if action == "read draft digest":
        return _page_outcome(client.get(f"/en/digests/{_draft(world).pk}/"))
    if action == "approve digest":
        draft = _draft(world)
        response = client.post(f"/en/digests/{draft.pk}/approve/")
        return _action_outcome(response, Digest.objects.get(pk=draft.pk).status == Digest.Status.APPROVED)
    if action == "write the response":
        return _page_outcome(client.get(f"/en/consultations/{page.pk}/response/"))
    if action == "own data export":
        return _page_outcome(client.get("/en/accounts/me/export/"))
    if action == "open data":
        return _page_outcome(client.get(f"/api/consultations/{page.pk}/figures.json"))
    return _try_more(action, client, world, role)


def _fresh_comment(world) -> Comment:
    return comment_create(
        author=UserFactory(age=26), consultation=world["page"], question_id=world["question"].pk, body="x"
    )


def _try_more(action: str, client: Client, world, role: str) -> str:
    page, target, person = world["page"], world["target"], world["people"][role]
    if action == "report a comment":
        fresh = _fresh_comment(world)  # three reports hide a comment, which then takes no more
        response = client.post(f"/en/discussion/comments/{fresh.pk}/report/", {"reason": "spam"})
        return _action_outcome(response, Flag.objects.filter(comment=fresh).exists())
    if action == "edit another's comment":
        response = client.post(f"/en/discussion/comments/{target.pk}/edit/", {"body": f"Changed by {role}"})
        return _action_outcome(response, Comment.objects.get(pk=target.pk).body != "Target comment")
    if action == "delete another's comment":
        response = client.post(f"/en/discussion/comments/{target.pk}/delete/")
        return _action_outcome(response, Comment.objects.get(pk=target.pk).status == Comment.Status.REMOVED)
    if action == "hide in bulk":
        fresh = _fresh_comment(world)
        response = client.post("/en/moderation/bulk/", {"comments": [fresh.pk], "action": "hide", "reason": "spam"})
        return _action_outcome(response, Comment.objects.get(pk=fresh.pk).status == Comment.Status.HIDDEN)
    if action == "digest list":
        return _page_outcome(client.get("/en/digests/"))
    if action == "approved digest PDF":
        return _page_outcome(client.get(f"/en/digests/{world['approved'].pk}/pdf/"))
    if action == "approved digest CSV":
        return _page_outcome(client.get(f"/en/digests/{world['approved'].pk}/csv/"))
    if action == "generate a digest":
        Digest.objects.filter(status=Digest.Status.DRAFT).delete()  # generating is idempotent per period
        before = Digest.objects.count()
        response = client.post(f"/en/digests/consultations/{page.pk}/generate/")
        return _action_outcome(response, Digest.objects.count() > before)
    if action == "follow consultation":
        Subscription.objects.filter(consultation=page).exclude(user=world["people"]["policymaker"]).delete()
        response = client.post(f"/en/digests/consultations/{page.pk}/follow/", {"cadence": "weekly"})
        followed = person is not None and Subscription.objects.filter(user=person, consultation=page).exists()
        if role == "policymaker":  # already following from the start: the change is to the cadence
            followed = Subscription.objects.get(user=person, consultation=page).cadence == "weekly"
        return _action_outcome(response, followed)
    if action == "follow organisation":
        organisation = page.organisation
        response = client.post(f"/en/digests/organisations/{organisation.pk}/follow/", {"cadence": "weekly"})
        followed = person is not None and Subscription.objects.filter(user=person, organisation=organisation).exists()
        return _action_outcome(response, followed)
    if action == "invite a policymaker":
        email = f"invitee-{role}@example.org"
        response = client.post("/en/digests/invite/", {"organisation": page.organisation_id, "email": email})
        return _action_outcome(response, Invitation.objects.filter(email=email).exists())
    if action == "unknown invitation":
        return _page_outcome(client.get("/en/digests/invitations/not-a-real-token/"))
    if action == "commitment progress":
        return _page_outcome(client.get(f"/en/responses/commitments/{world['commitment'].pk}/progress/"))
    if action == "dismiss another's notice":
        response = client.post(f"/en/responses/notices/{world['notice'].pk}/dismiss/", {"next": "/en/"})
        return _action_outcome(response, ResponseNotice.objects.get(pk=world["notice"].pk).seen_at is not None)
    if action == "account overview":
        return _page_outcome(client.get("/en/accounts/me/"))
    if action == "guardian settings":
        return _page_outcome(client.get("/en/accounts/me/guardian/"))
    if action == "delete account page":
        return _page_outcome(client.get("/en/accounts/me/delete/"))
    if action == "sign-up page":
        return _page_outcome(client.get("/en/accounts/signup/"))
    if action == "unknown guardian link":
        return _page_outcome(client.get("/en/guardian/consent/not-a-real-token/"))
    if action == "unknown manage link":
        return _page_outcome(client.get("/en/guardian/manage/not-a-real-token/"))
    if action == "choose a language":
        return _page_outcome(client.post("/i18n/setlang/", {"language": "fr", "next": page.url}))
    if action == "JavaScript catalogue":
        return _page_outcome(client.get("/en/jsi18n/"))
    if action == "health check":
        return _page_outcome(client.get("/healthz"))
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(MATRIX))
def test_the_authorisation_matrix(world, action):
    found, expected = {}, dict(zip(ROLES, MATRIX[action], strict=True))
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world["people"][role] is not None:
            client.force_login(world["people"][role])
        found[role] = _try(action, client, world, role)
    assert found == expected


def _our_url_names() -> set[str]:
    """Named URLs of the platform (allauth's and Wagtail's admin are their projects' to test)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns) -> set[str]:
        names = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if not str(pattern.pattern).startswith(("admin/", "documents/")):
                    names |= walk(pattern.url_patterns)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and not pattern.callback.__module__.startswith("allauth")
            ):
                names.add(pattern.name)
        return names

    return walk(get_resolver().url_patterns)


def test_every_url_is_in_the_matrix():
    assert set(URL_OF) == set(MATRIX)
    missing = _our_url_names() - set(URL_OF.values()) - set(NOT_IN_MATRIX)
    assert not missing, f"add rows to the authorisation matrix for: {sorted(missing)}"
