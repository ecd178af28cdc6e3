"""URLs of the laws pages."""

from django.urls import path

from grmg.laws import views

app_name = "laws"
urlpatterns = [
    path("countries/<str:iso3>/laws/", views.inventory, name="inventory"),
    path("countries/<str:iso3>/compliance/", views.compliance, name="compliance"),
    path("countries/<str:iso3>/discrimination/", views.discrimination, name="discrimination"),
    path("countries/<str:iso3>/baseline.<str:fmt>", views.baseline, name="baseline"),
    path("laws/<int:pk>/", views.law_detail, name="law"),
    path("laws/<int:pk>/document", views.law_document, name="document"),
]
