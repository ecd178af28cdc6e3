"""URLs of the indicator pages."""

from django.urls import path

from grmg.indicators import views

app_name = "indicators"
urlpatterns = [
    path("indicators/", views.registry, name="registry"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("countries/<str:iso3>/monitoring/", views.monitoring, name="monitoring"),
    path("countries/<str:iso3>/monitoring/propose/", views.propose, name="propose"),
    path("countries/<str:iso3>/monitoring/import/", views.data_import, name="import"),
    path("countries/<str:iso3>/monitoring/export.<str:fmt>", views.export, name="export"),
    path("countries/<str:iso3>/monitoring/<str:code>/", views.series, name="series"),
    path("indicator-sets/<int:pk>/", views.set_detail, name="set"),
    path("indicator-sets/<int:pk>/items/<int:item_pk>/", views.set_target, name="set_target"),
    path("indicator-sets/<int:pk>/comment/", views.set_comment, name="set_comment"),
    path("indicator-sets/<int:pk>/endorse/", views.set_endorse, name="set_endorse"),
]
