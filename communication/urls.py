from django.urls import path

from . import views

app_name = "communication"

urlpatterns = [
    path("", views.my_events, name="my_events"),
    path("answer/<str:token>/", views.rsvp, name="rsvp"),
    path("calendar/<str:token>/", views.event_ics, name="event_ics"),
]
