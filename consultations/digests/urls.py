from django.urls import path

from consultations.digests import views

urlpatterns = [
    path("digests/", views.dashboard, name="digest_dashboard"),
    path("digests/<int:digest_id>/", views.detail, name="digest_detail"),
    path("digests/<int:digest_id>/pdf/", views.pdf, name="digest_pdf"),
    path("digests/<int:digest_id>/csv/", views.csv_download, name="digest_csv"),
    path("digests/<int:digest_id>/<slug:action>/", views.sign_off, name="digest_sign_off"),
    path("digests/consultations/<int:page_id>/generate/", views.generate, name="digest_generate"),
    path("digests/consultations/<int:page_id>/follow/", views.follow, name="digest_follow"),
    path(
        "digests/organisations/<int:organisation_id>/follow/",
        views.follow_organisation,
        name="digest_follow_organisation",
    ),
    path("digests/invite/", views.invite, name="digest_invite"),
    path("digests/invitations/<str:token>/", views.invitation, name="digest_invitation"),
]
