from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("prospectus/", views.prospectus, name="prospectus"),
    path("my-courses/", views.my_courses, name="my-courses"),
    path("college/", views.college_overview, name="college-overview"),
]
