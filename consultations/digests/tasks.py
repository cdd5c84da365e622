"""Digest work as tasks (``django.tasks``): immediate in development and tests, the database-backed
worker (``manage.py db_worker``) in production. Never run inside a request in production."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task


@task
def generate_digest(*, consultation_id: int, kind: str, until: str) -> int:
    from consultations.digests.services import digest_generate
    from consultations.pages import ConsultationPage

    consultation = ConsultationPage.objects.select_related("organisation").get(pk=consultation_id)
    return digest_generate(consultation=consultation, kind=kind, until=datetime.fromisoformat(until)).pk


@task
def send_digest(*, digest_id: int) -> int:
    from consultations.digests.services import digest_send

    return digest_send(digest_id=digest_id)
