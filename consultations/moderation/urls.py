from django.urls import path

from consultations.moderation import views

urlpatterns = [
    path("moderation/", views.queue, name="moderation_queue"),
    path("moderation/bulk/", views.bulk, name="moderation_bulk"),
    path("moderation/log/", views.log, name="moderation_log"),
    path("moderation/comments/<int:comment_id>/<slug:action>/", views.act, name="moderation_act"),
]
