"""Who may do what, as one table: every page and action tried as each kind of person.

Outcomes: ``ok`` (200), ``login`` (sent to sign in), ``no`` (403 or 404: refused or not revealed),
``yes`` / ``-`` (for actions: whether the change happened in the database, whatever page came back —
a refused form answers with a message, not necessarily an error status).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from consultations.digests import services as digests
from consultations.digests.models import Digest, Subscription
from consultations.models import Comment, Vote
from consultations.services import comment_create
from tests.factories import ConsultationPageFactory, GuardianConsentFactory, OrganisationFactory, UserFactory
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous", "unverified", "minor_waiting", "minor_revoked", "participant",
    "moderator", "other_moderator", "policymaker", "admin",
]  # fmt: skip

# Columns follow ROLES. ok: the page (200); login: sent to sign in; no: 403 or 404; yes / -: the action
# happened / did not (a refused form answers with a message; an anonymous one too: the page asks them
# to sign in).
#                        anon     unverif  waiting  revoked  partic.  moder.   other m. policym. admin
MATRIX = {
    "read consultation":    ["ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
    "post comment":         ["-",     "-",     "-",     "-",     "yes",   "yes",   "yes",   "yes",   "yes"],
    "vote":                 ["-",     "-",     "-",     "-",     "yes",   "yes",   "yes",   "yes",   "yes"],
    "moderation queue":     ["login", "no",    "no",    "no",    "no",    "ok",    "ok",    "no",    "ok"],
    "hide a comment":       ["login", "-",     "-",     "-",     "-",     "yes",   "-",     "-",     "yes"],
    "moderation log":       ["login", "no",    "no",    "no",    "no",    "ok",    "ok",    "no",    "ok"],
    "read approved digest": ["login", "no",    "no",    "no",    "no",    "ok",    "no",    "ok",    "ok"],
    "read draft digest":    ["login", "no",    "no",    "no",    "no",    "ok",    "no",    "no",    "ok"],
    "approve digest":       ["login", "-",     "-",     "-",     "-",     "yes",   "-",     "-",     "yes"],
    "write the response":   ["login", "no",    "no",    "no",    "no",    "no",    "no",    "ok",    "ok"],
    "own data export":      ["login", "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
    "open data":            ["ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok",    "ok"],
}  # fmt: skip


@pytest.fixture
def world():
    organisation, other = OrganisationFactory(), OrganisationFactory()
    page = ConsultationPageFactory(organisation=organisation, questions=["What would help?"])
    question = page.questions.first()
    people = {
        "anonymous": None,
        "unverified": UserFactory(age=22, verified=False),
        "minor_waiting": GuardianConsentFactory(status="pending").minor,
        "minor_revoked": GuardianConsentFactory(status="revoked").minor,
        "participant": UserFactory(age=20),
        "moderator": UserFactory(age=30),
        "other_moderator": UserFactory(age=30),
        "policymaker": UserFactory(age=50),
        "admin": UserFactory(age=40, is_superuser=True, is_staff=True),
    }
    Membership.objects.create(organisation=organisation, user=people["moderator"], role=Membership.Role.MODERATOR)
    Membership.objects.create(organisation=other, user=people["other_moderator"], role=Membership.Role.MODERATOR)
    people["policymaker"].groups.add(Group.objects.get_or_create(name=POLICYMAKERS_GROUP)[0])
    Subscription.objects.create(user=people["policymaker"], consultation=page)
    author = UserFactory(age=25)
    target = comment_create(author=author, consultation=page, question_id=question.pk, body="Target comment")
    approved = digests.digest_generate(consultation=page, kind="weekly", until=timezone.now() - timedelta(minutes=5))
    digests.digest_approve(editor=people["admin"], digest_id=approved.pk)
    return {"page": page, "question": question, "people": people, "target": target, "approved": approved}


def _draft(world) -> Digest:
    return digests.digest_generate(consultation=world["page"], kind="weekly", until=timezone.now())


def _page_outcome(response) -> str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    if response.status_code == 200:
        return "ok"
    if response.status_code in (403, 404):
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
