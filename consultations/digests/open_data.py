"""The public figures of a consultation: the digest's suppressed aggregates, without quotes or themes
(those are signed off by the organisers first) and without any personal data."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from consultations.digests.compute import digest_compute
from consultations.pages import ConsultationPage

LICENCE = "CC BY 4.0"


def open_figures(consultation: ConsultationPage) -> dict[str, Any]:
    content = digest_compute(consultation=consultation, until=timezone.now())
    for question in content["questions"]:
        for key in ("broad_agreement", "divisive", "bands_agree", "themes"):
            question.pop(key, None)
    content.pop("trend", None)
    return {
        "licence": LICENCE,
        "about": "Counts of published comments and votes. Groups smaller than k are not shown "
        "(cells marked 'small' or 'protected'); no personal data.",
        **content,
    }
