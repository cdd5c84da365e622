"""Replace Wagtail's placeholder welcome page with YouthVoice's home page and point the default site
at it, so a fresh database serves the real home page before any demo content exists."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("consultations.HomePage")

    # Wagtail's initial migration creates a welcome page at path 00010001.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()

    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="consultations")
    locale = Locale.objects.order_by("id").first()
    homepage = HomePage.objects.create(
        title="YouthVoice",
        draft_title="YouthVoice",
        slug="home",
        content_type=homepage_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        hero_heading="Your voice on the decisions that shape your life",
        intro="<p>Read what is being decided, say what you think, and see what came of it.</p>",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": homepage, "site_name": "YouthVoice"},
    )
    Page.objects.filter(depth=1).update(numchild=1)


def remove_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("consultations.HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()
    ContentType.objects.filter(model="homepage", app_label="consultations").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
