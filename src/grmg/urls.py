"""The URL map: one include per app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("grmg.assessments.urls")),
    path("", include("grmg.standards.urls")),
    path("", include("grmg.laws.urls")),
    path("", include("grmg.profiles.urls")),
    path("", include("grmg.indicators.urls")),
    path("", include("grmg.agreements.urls")),
    path("frameworks/", include("grmg.frameworks.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
