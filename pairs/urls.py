from django.urls import path

from . import answer_views, views

app_name = "pairs"

urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("round/<slug:slug>/", views.round_dashboard, name="round_dashboard"),
    path("round/<slug:slug>/pairs.csv", views.round_dashboard_csv, name="round_dashboard_csv"),
    path("round/<slug:slug>/report/", views.round_report, name="round_report"),
    path("round/<slug:slug>/answers/", answer_views.round_answers, name="round_answers"),
    path("round/<slug:slug>/answers.csv", answer_views.round_answers_csv, name="round_answers_csv"),
    path("program/<slug:slug>/", views.program_overview, name="program_overview"),
    path("mine/", views.my_pairs, name="mine"),
    path("<int:pk>/", views.pair_detail, name="pair"),
    path("<int:pk>/agreement/", views.pair_agree, name="agree"),
    path("<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/meetings/<int:meeting_pk>/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/log/<str:token>/", views.log_meeting, name="log_meeting"),
    path("<int:pk>/survey/<str:token>/", views.survey, name="survey"),
]
