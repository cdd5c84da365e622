"""The digest email, in the recipient's language: a short HTML summary and a link to the full digest
(with its PDF and CSV) on the site."""

from __future__ import annotations

from email.message import MIMEPart

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from consultations.digests.charts import Chart, chart_png
from consultations.digests.models import Digest
from consultations.digests.present import DigestView, present
from youthvoice.accounts.models import User
from youthvoice.languages import recipient_language


def digest_mail_send(*, digest: Digest, user: User) -> None:
    with translation.override(recipient_language(user.language)):
        view = present(digest)
        context = {
            "view": view,
            "user": user,
            "digest_url": settings.SITE_URL + reverse("digest_detail", args=[digest.pk]),
            "site_url": settings.SITE_URL,
            "charts": _email_charts(view),
        }
        subject = " ".join(render_to_string("digests/email/digest_subject.txt", context).split())
        text = render_to_string("digests/email/digest.txt", context)
        html = render_to_string("digests/email/digest.html", context)
    mail = EmailMultiAlternatives(subject, text, None, [user.email])
    mail.attach_alternative(html, "text/html")
    for content_id, chart in _email_charts(view).items():
        # Inline parts with a Content-ID: the HTML shows them with <img src="cid:...">.
        image = MIMEPart()
        image.set_content(
            chart_png(chart), maintype="image", subtype="png", disposition="inline",
            filename=f"{content_id}.png", cid=f"<{content_id}>",
        )  # fmt: skip
        mail.attach(image)
    mail.send()


def _email_charts(view: DigestView) -> dict[str, Chart]:
    """Mail programs do not show SVG: the page's charts go as PNG images, referenced by Content-ID."""
    charts = {"over-time": view.charts["over_time"]}
    if view.breakdowns and view.breakdowns[0].chart is not None:
        charts["age"] = view.breakdowns[0].chart
    return charts
