from django.urls import path

from youthvoice.accounts import views

# Included before allauth's URLs so that our sign-up view (with the age gate) wins.
urlpatterns = [
    path("accounts/signup/", views.SignupView.as_view(), name="account_signup"),
    path("accounts/me/", views.account_overview, name="account_overview"),
    path("accounts/me/guardian/", views.account_guardian, name="account_guardian"),
    path("accounts/me/export/", views.account_export, name="account_export"),
    path("accounts/me/delete/", views.account_delete, name="account_delete"),
    path("guardian/consent/<str:token>/", views.guardian_consent, name="guardian_consent"),
    path("guardian/manage/<str:token>/", views.guardian_manage, name="guardian_manage"),
]
