"""Figures for comments written before moderation figures were kept (counted once, here)."""

from django.db import migrations
from django.db.models import Count

REASONS = ("spam", "abusive", "personal_information", "off_topic", "at_risk")


def count(apps, schema_editor):
    Comment = apps.get_model("consultations", "Comment")
    ModerationFigures = apps.get_model("moderation", "ModerationFigures")
    rows = Comment.objects.values("consultation_id", "status", "hidden_reason").annotate(n=Count("id"))
    figures: dict[int, dict[str, int]] = {}
    for row in rows:
        column = {"published": "published", "pending": "held"}.get(row["status"])
        if row["status"] == "hidden" and row["hidden_reason"] in REASONS:
            column = f"hidden_{row['hidden_reason']}"
        if column:
            counts = figures.setdefault(row["consultation_id"], {})
            counts[column] = counts.get(column, 0) + row["n"]
    ModerationFigures.objects.bulk_create(
        [ModerationFigures(consultation_id=page_id, **counts) for page_id, counts in figures.items()]
    )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_audit_log_append_only")]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
