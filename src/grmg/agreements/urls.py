"""URLs of the agreement pages, and of the screening of national laws."""

from django.urls import path

from grmg.agreements import views

app_name = "agreements"
urlpatterns = [
    path("countries/<str:iso3>/agreements/", views.country_list, name="list"),
    path("countries/<str:iso3>/agreements/compare/", views.compare, name="compare"),
    path("countries/<str:iso3>/agreements/gaps/", views.gaps, name="gaps"),
    path("countries/<str:iso3>/agreements/gaps/report.<str:fmt>", views.gaps_report, name="gaps_report"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("agreements/<int:pk>/documents/", views.upload, name="upload"),
    path("agreements/<int:pk>/documents/<int:document_pk>/", views.document_file, name="file"),
    path("agreements/<int:pk>/documents/<int:document_pk>/screen/", views.screen_again, name="screen"),
    path("agreements/<int:pk>/review/", views.review, name="review"),
    path("agreements/<int:pk>/review/<str:provision>/", views.review_provision, name="review_provision"),
    path("agreements/<int:pk>/review/<str:provision>/history/", views.provision_history, name="history"),
    path("laws/<int:pk>/screening/", views.law_screen, name="law_screen"),
    path("laws/<int:pk>/screening/<str:provision>/", views.law_finding, name="law_finding"),
]
