"""URLs of the standards pages."""

from django.urls import path

from grmg.standards import views

app_name = "standards"
urlpatterns = [
    path("standards/", views.catalogue, name="catalogue"),
    path("standards/import/", views.import_ratifications, name="import"),
    path("standards/<str:code>/", views.instrument_detail, name="instrument"),
    path("countries/<str:iso3>/ratifications/", views.ratifications, name="ratifications"),
]
