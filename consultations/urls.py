from django.urls import path

from consultations import views

urlpatterns = [
    path("discussion/<int:page_id>/comments/", views.comment_post, name="comment_post"),
    path("discussion/comments/<int:comment_id>/vote/", views.comment_vote, name="comment_vote"),
    path("discussion/comments/<int:comment_id>/report/", views.comment_flag, name="comment_flag"),
    path("discussion/comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("discussion/comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
]
