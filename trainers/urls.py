from django.urls import path

from . import views

app_name = "trainers"

urlpatterns = [
    path("my-workshops/", views.my_workshops, name="my-workshops"),
]
