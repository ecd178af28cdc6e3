"""URLs of the framework pages."""

from django.urls import path

from grmg.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("load/", views.framework_load, name="load"),
    path("<int:pk>/", views.framework_detail, name="detail"),
    path("<int:pk>/framework.json", views.framework_data, name="data"),
]
