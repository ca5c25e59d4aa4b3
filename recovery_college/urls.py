from django.contrib import admin
from django.urls import include, path

from . import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("recovery_college.accounts.urls")),
    path("trainers/", include("trainers.urls")),
    path("audit/", include("recovery_college.audit.urls")),
    path("help/", include("recovery_college.help.urls")),
    path("college/mail/", include("recovery_college.notifications.urls")),
    path("", include("workshops.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Recovery College administration"
admin.site.site_title = "Recovery College admin"
