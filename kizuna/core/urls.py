from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.directory, name="directory"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/invite/", views.invite, name="invite"),
    path("organisations/<int:pk>/members/<int:membership_pk>/remove/", views.remove_member, name="remove_member"),
    path("organisations/<int:pk>/invitations/<int:invitation_pk>/revoke/", views.revoke_invitation,
         name="revoke_invitation"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_create, name="token_create"),
    path("profile/tokens/<int:token_pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("history/<str:model>/<int:pk>/", views.record_history, name="history"),
    path("search/aliases/", views.search_aliases, name="search_aliases"),
    path("search/aliases/<int:alias_pk>/remove/", views.search_alias_remove, name="search_alias_remove"),
]
