from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.index, name="index"),
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/new/", views.create_list, name="create_list"),
    path("s/<int:pk>/<str:token>/", views.preferences, name="preferences"),
    path("u/<int:pk>/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("o/<str:tag>.gif", views.opened, name="opened"),
    path("c/<str:tag>/<int:n>/", views.clicked, name="clicked"),
    path("images/<int:pk>/<str:digest>/", views.image, name="image"),
    path("issues/<int:pk>/", views.campaign, name="campaign"),
    path("issues/<int:pk>/parts/<str:language>/", views.part, name="part"),
    path("issues/<int:pk>/preview/<str:language>/", views.preview, name="preview"),
    path("issues/<int:pk>/article/", views.add_article, name="add_article"),
    path("issues/<int:pk>/images/", views.add_image, name="add_image"),
    path("issues/<int:pk>/test/", views.test_send, name="test_send"),
    path("issues/<int:pk>/step/<str:action>/", views.campaign_step, name="campaign_step"),
    path("subscriptions/<int:pk>/<str:action>/", views.subscription_step, name="subscription_step"),
    path("<slug:slug>/", views.mailing_list, name="list"),
    path("<slug:slug>/<int:number>/", views.issue, name="issue"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/settings/", views.edit_list, name="edit_list"),
    path("<slug:slug>/topics/", views.add_topic, name="add_topic"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/subscribers/", views.subscribers, name="subscribers"),
    path("<slug:slug>/import/", views.import_subscribers, name="import"),
    path("<slug:slug>/issues/new/", views.create_campaign, name="create_campaign"),
]
