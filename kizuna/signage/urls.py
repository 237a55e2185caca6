from django.urls import path

from . import views

app_name = "signage"

urlpatterns = [
    path("", views.builder, name="builder"),
    path("sign.pdf", views.sign_download, name="sign_pdf"),
    path("view/", views.online, name="online"),
    path("messages/new/", views.add_message, name="add_message"),
    path("messages/<int:pk>/", views.message, name="message"),
    path("messages/own/", views.own_messages, name="own_messages"),
    path("messages/<int:pk>/edit/", views.edit_message, name="edit_message"),
    path("messages/<int:pk>/delete/", views.delete_message, name="delete_message"),
    path("messages/<int:pk>/propose/", views.propose, name="propose"),
    path("translations/<int:pk>/review/", views.review, name="review"),
    path("boards/<slug:audience>/", views.board, name="board"),
    path("card/", views.card, name="card"),
    path("packs/", views.packs, name="packs"),
    path("packs/<int:pk>/", views.pack, name="pack"),
    path("packs/<int:pk>/download/", views.pack_download, name="pack_download"),
]
