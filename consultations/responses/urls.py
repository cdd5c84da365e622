from django.urls import path

from consultations.responses import views

urlpatterns = [
    path("consultations/<int:page_id>/response/", views.response_edit, name="response_edit"),
    path("responses/commitments/<int:commitment_id>/progress/", views.commitment_progress, name="commitment_progress"),
    path("responses/notices/<int:notice_id>/dismiss/", views.notice_dismiss, name="response_notice_dismiss"),
]
