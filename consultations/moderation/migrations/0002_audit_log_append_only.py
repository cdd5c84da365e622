"""The moderation log is append-only, enforced by PostgreSQL: no deletes, and no updates except the
foreign keys Django nulls when a referenced row (an account, a comment) is deleted."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the moderation log is append-only';
  END IF;
  IF NEW.id <> OLD.id OR NEW.created_at <> OLD.created_at OR NEW.action <> OLD.action
     OR NEW.is_automatic <> OLD.is_automatic OR NEW.reason <> OLD.reason OR NEW.note <> OLD.note
     OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)
     OR (NEW.organisation_id IS NOT NULL AND NEW.organisation_id IS DISTINCT FROM OLD.organisation_id)
     OR (NEW.consultation_id IS NOT NULL AND NEW.consultation_id IS DISTINCT FROM OLD.consultation_id)
     OR (NEW.comment_id IS NOT NULL AND NEW.comment_id IS DISTINCT FROM OLD.comment_id)
     OR (NEW.subject_id IS NOT NULL AND NEW.subject_id IS DISTINCT FROM OLD.subject_id) THEN
    RAISE EXCEPTION 'the moderation log is append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_moderationaction
  FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS moderation_log_append_only ON moderation_moderationaction;
DROP FUNCTION IF EXISTS moderation_log_append_only();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
