"""URLs of the profile pages."""

from django.urls import path

from grmg.profiles import views

app_name = "profiles"
urlpatterns = [
    path("profiles/", views.profile_list, name="list"),
    path("countries/<str:iso3>/profile/", views.profile, name="profile"),
    path("countries/<str:iso3>/profile.<str:fmt>", views.profile_export, name="export"),
]
