from django.urls import path

from consultations.consumers import ConsultationConsumer
from consultations.moderation.consumers import ModerationConsumer

websocket_urlpatterns = [
    path("ws/consultations/<int:page_id>/", ConsultationConsumer.as_asgi()),
    path("ws/moderation/", ModerationConsumer.as_asgi()),
]
