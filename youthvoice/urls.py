from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from consultations.digests import views as digest_views
from youthvoice.accounts.views import language_set
from youthvoice.views import health, javascript_catalogue

# A page that needs neither the database nor Redis, with a 503 when the database is unreachable.
handler500 = "youthvoice.views.server_error"

urlpatterns = [
    path("healthz", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Django's set_language, which also saves a signed-in person's choice.
    path("i18n/setlang/", language_set, name="set_language"),
    # Open data: the same for every language, so outside the language prefix.
    path("api/consultations/<int:page_id>/figures.json", digest_views.open_data, name="open_data"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages are prefixed by language (/en/...), so every link says which language it is in.
urlpatterns += i18n_patterns(
    path("", include("youthvoice.accounts.urls")),
    path("", include("consultations.urls")),
    path("", include("consultations.moderation.urls")),
    path("", include("consultations.digests.urls")),
    path("", include("consultations.responses.urls")),
    path("accounts/", include("allauth.urls")),
    # Strings for static/js, in the language of the prefix (loaded by base.html).
    path("jsi18n/", javascript_catalogue, name="javascript_catalogue"),
    path("", include(wagtail_urls)),
)
