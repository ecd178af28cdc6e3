"""URLs of the assessment pages."""

from django.urls import path

from grmg.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.country_list, name="countries"),
    path("countries/<str:iso3>/", views.dashboard, name="dashboard"),
    path("countries/<str:iso3>/rounds/new/", views.round_create, name="round_create"),
    path("countries/<str:iso3>/compare/", views.round_compare, name="round_compare"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/perspectives/", views.perspective_compare, name="perspective_compare"),
    path("rounds/<int:pk>/report.<str:fmt>", views.round_report, name="round_report"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/workbook.xlsx", views.workbook, name="workbook"),
    path("assessments/<int:pk>/import/", views.import_file, name="import"),
    path("assessments/<int:pk>/components/<str:component_id>/", views.workspace, name="workspace"),
    path("assessments/<int:pk>/components/<str:component_id>/status/", views.change_status, name="status"),
    path("assessments/<int:pk>/criteria/<str:criterion_id>/score/", views.save_score, name="score"),
    path("assessments/<int:pk>/criteria/<str:criterion_id>/evidence/", views.add_evidence, name="evidence_add"),
    path("assessments/<int:pk>/criteria/<str:criterion_id>/suggestion/", views.apply_suggestion,
         name="apply_suggestion"),
    path("assessments/<int:pk>/criteria/<str:criterion_id>/history/", views.criterion_history, name="history"),
    path("evidence/<int:pk>/", views.download_evidence, name="evidence"),
    path("evidence/<int:pk>/remove/", views.remove_evidence, name="evidence_remove"),
]
