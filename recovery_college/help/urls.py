from django.urls import path

from . import views

app_name = "help"

urlpatterns = [
    path("", views.help_page, name="page"),
    path("details/", views.help_settings_edit, name="settings"),
]
