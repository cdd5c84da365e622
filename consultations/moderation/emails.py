"""The safeguarding mail: sent to the organisation's safeguarding contacts only, in their language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from consultations.models import Comment
from youthvoice.accounts.emails import RenderedMail, send_rendered
from youthvoice.accounts.models import User
from youthvoice.languages import recipient_language


def send_safeguarding_concern(*, comment_id: int, contacts: list[User], moderator: User, note: str) -> None:
    comment = Comment.objects.select_related("consultation", "question").get(pk=comment_id)
    for contact in contacts:
        with translation.override(recipient_language(contact.language)):
            # Made inside the override: the queue opens in the contact's language (/ru/moderation/).
            link = settings.SITE_URL + reverse("moderation_queue") + f"?comment={comment.pk}"
            context = {"comment": comment, "moderator": moderator.public_name, "note": note, "link": link,
                       "author_is_minor": comment.author_age_band in ("12-14", "15-17")}  # fmt: skip
            subject = render_to_string("moderation/email/safeguarding_subject.txt", context).strip()
            body = render_to_string("moderation/email/safeguarding.txt", context)
        send_rendered(RenderedMail(to=contact.email, subject=" ".join(subject.split()), body=body))
