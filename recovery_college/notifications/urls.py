from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox_list, name="outbox-list"),
    path("<int:pk>/retry/", views.outbox_retry, name="outbox-retry"),
]
