from django.urls import path
from rows import views

urlpatterns = [
    path("", views.page, name="page"),
    path("insert/", views.insert, name="insert"),
]
