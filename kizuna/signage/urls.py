from django.urls import path

from . import pictogram_views, views

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
    path("boards/languages/", views.language_board, name="language_board"),
    path("boards/<slug:audience>/", views.board, name="board"),
    path("card/", views.card, name="card"),
    path("sign.docx", views.sign_docx, name="sign_docx"),
    path("pictograms/", pictogram_views.gallery, name="pictograms"),
    path("pictograms/sheet/", pictogram_views.pictogram_sheet, name="pictogram_sheet"),
    path("pictograms/<slug:key>.svg", pictogram_views.pictogram_svg, name="pictogram_svg"),
    path("packs/", views.packs, name="packs"),
    path("packs/<int:pk>/", views.pack, name="pack"),
    path("packs/<int:pk>/download/", views.pack_download, name="pack_download"),
]
