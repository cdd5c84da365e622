"""Organisation editors edit only their own organisation's consultations in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultations.editor_permissions import EDITORS_GROUP
from tests.factories import ConsultationPageFactory, UserFactory
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_a(consultation_index, org_a):
    return ConsultationPageFactory(parent=consultation_index, organisation=org_a, title="Safer parks")


@pytest.fixture
def page_b(consultation_index, org_b):
    return ConsultationPageFactory(parent=consultation_index, organisation=org_b, title="Night buses")


@pytest.fixture
def editor_a(org_a):
    user = UserFactory(age=29)
    Membership.objects.create(organisation=org_a, user=user, role=Membership.Role.EDITOR)
    return user


def test_an_editor_membership_opens_the_admin_and_ending_it_closes_it(org_a, editor_a, consultation_index):
    assert editor_a.groups.filter(name=EDITORS_GROUP).exists()
    assert editor_a.has_perm("wagtailadmin.access_admin")

    Membership.objects.filter(user=editor_a).delete()
    editor_a.refresh_from_db()
    fresh = type(editor_a).objects.get(pk=editor_a.pk)  # permission caches live on the instance
    assert not fresh.groups.filter(name=EDITORS_GROUP).exists()
    assert not fresh.has_perm("wagtailadmin.access_admin")


def test_a_moderator_membership_alone_gives_no_editing_rights(org_a):
    moderator = UserFactory(age=29)
    Membership.objects.create(organisation=org_a, user=moderator, role=Membership.Role.MODERATOR)
    assert not moderator.groups.filter(name=EDITORS_GROUP).exists()


def test_permissions_follow_the_consultations_organisation(page_a, page_b, editor_a):
    own, other = page_a.permissions_for_user(editor_a), page_b.permissions_for_user(editor_a)
    assert own.can_edit() and own.can_publish() and own.can_unpublish()
    for action in ("can_edit", "can_publish", "can_unpublish", "can_delete", "can_move", "can_copy", "can_lock"):
        assert not getattr(other, action)(), action


def test_an_editor_may_add_consultations_under_an_index_but_not_change_it(consultation_index, editor_a, admin_user):
    mine = consultation_index.permissions_for_user(editor_a)
    assert mine.can_add_subpage() and mine.can_publish_subpage()
    assert (
        not mine.can_edit() and not mine.can_delete() and not mine.can_unpublish() and not mine.can_reorder_children()
    )
    admins = consultation_index.permissions_for_user(admin_user)
    assert admins.can_edit() and admins.can_reorder_children()


def test_an_index_created_later_is_open_to_editors(editor_a, home_page):
    from tests.factories import ConsultationIndexPageFactory

    later = ConsultationIndexPageFactory(parent=home_page, slug="later")
    assert later.permissions_for_user(editor_a).can_add_subpage()
    assert Group.objects.get(name=EDITORS_GROUP).page_permissions.filter(page=later).count() == 3


def test_the_editor_opens_their_own_consultation_and_is_refused_another(client, page_a, page_b, editor_a):
    client.force_login(editor_a)
    own = client.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk]))
    assert own.status_code == 200
    assert b"Safer parks" in own.content

    other = client.get(reverse("wagtailadmin_pages:edit", args=[page_b.pk]))
    assert other.status_code in (302, 403)
    assert b"Night buses" not in other.content

    posted = client.post(reverse("wagtailadmin_pages:edit", args=[page_b.pk]), {"title": "Taken over"})
    assert posted.status_code in (302, 403)
    page_b.refresh_from_db()
    assert page_b.title == "Night buses"

    unpublish = client.post(reverse("wagtailadmin_pages:unpublish", args=[page_b.pk]))
    assert unpublish.status_code in (302, 403)
    page_b.refresh_from_db()
    assert page_b.live


def test_the_new_consultation_form_offers_only_the_editors_organisations(
    client, consultation_index, org_a, org_b, editor_a
):
    client.force_login(editor_a)
    url = reverse("wagtailadmin_pages:add", args=["consultations", "consultationpage", consultation_index.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["organisation"].queryset) == [org_a]
    assert form.fields["organisation"].initial == org_a.pk


def _new_consultation(organisation, slug):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    return nested_form_data(
        {
            "title": "Youth centres",
            "slug": slug,
            "summary": "Where should the new youth centre go?",
            "easy_read_summary": "",
            "body": streamfield([]),
            "questions": inline_formset([{"text": "Which street?"}]),
            "opens_at": "2026-12-01 10:00",
            "closes_at": "2027-01-31 18:00",
            "min_age": 12,
            "max_age": 30,
            "topic": "community-safety",
            "moderation_mode": "pre-minors",
            "organisation": organisation.pk,
            "action-publish": "publish",
        }
    )


def test_an_editor_cannot_file_a_consultation_under_another_organisation(
    client, consultation_index, org_a, org_b, editor_a
):
    from consultations.pages import ConsultationPage

    client.force_login(editor_a)
    url = reverse("wagtailadmin_pages:add", args=["consultations", "consultationpage", consultation_index.pk])
    refused = client.post(url, _new_consultation(org_b, "centres-b"))
    assert refused.status_code == 200
    assert "organisation" in refused.context["form"].errors
    assert not ConsultationPage.objects.filter(organisation=org_b).exists()

    accepted = client.post(url, _new_consultation(org_a, "centres-a"))
    assert accepted.status_code == 302, accepted.context["form"].errors if accepted.context else accepted
    created = ConsultationPage.objects.get(slug="centres-a")
    assert created.organisation == org_a and created.live
    assert created.permissions_for_user(editor_a).can_edit()


def test_the_edit_form_for_an_admin_offers_every_organisation(client, page_a, org_a, org_b, admin_user):
    client.force_login(admin_user)
    form = client.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk])).context["form"]
    assert set(form.fields["organisation"].queryset) >= {org_a, org_b}
