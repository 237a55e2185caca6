from django.urls import path

from . import views

app_name = "social"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("posts/<int:pk>/", views.post, name="post"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/step/<slug:action>/", views.post_step, name="post_step"),
    path("posts/<int:pk>/review/<slug:action>/", views.post_review, name="post_review"),
    path("posts/<int:pk>/posted/", views.post_posted, name="post_posted"),
    path("posts/<int:pk>/figures/", views.post_figures, name="post_figures"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/new/", views.account_new, name="account_new"),
    path("accounts/<int:pk>/", views.account, name="account"),
    path("accounts/<int:pk>/posts/new/", views.post_new, name="post_new"),
    path("accounts/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("accounts/<int:pk>/followers/", views.account_followers, name="account_followers"),
    path("accounts/<int:pk>/import/", views.figures_import, name="figures_import"),
    path("promotions/", views.promotions, name="promotions"),
    path("promotions/new/", views.promotion_new, name="promotion_new"),
    path("promotions/<int:pk>/", views.promotion, name="promotion"),
    path("promotions/<int:pk>/accept/", views.promotion_accept, name="promotion_accept"),
    path("promotions/<int:pk>/decline/", views.promotion_decline, name="promotion_decline"),
]
