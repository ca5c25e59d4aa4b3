from django.urls import path

from .views import pages

app_name = "workshops"

urlpatterns = [
    path("prospectus/", pages.prospectus, name="prospectus"),
    path("my-courses/", pages.my_courses, name="my-courses"),
    path("college/", pages.college_overview, name="college-overview"),
]
