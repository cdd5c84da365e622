"""The digest email, in the recipient's language: a short HTML summary and a link to the full digest
(with its PDF and CSV) on the site."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from consultations.digests.models import Digest
from consultations.digests.present import present
from youthvoice.accounts.models import User


def digest_mail_send(*, digest: Digest, user: User) -> None:
    with translation.override(user.language):
        view = present(digest)
        context = {
            "view": view,
            "user": user,
            "digest_url": settings.SITE_URL + reverse("digest_detail", args=[digest.pk]),
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_to_string("digests/email/digest_subject.txt", context).split())
        text = render_to_string("digests/email/digest.txt", context)
        html = render_to_string("digests/email/digest.html", context)
    mail = EmailMultiAlternatives(subject, text, None, [user.email])
    mail.attach_alternative(html, "text/html")
    mail.send()
