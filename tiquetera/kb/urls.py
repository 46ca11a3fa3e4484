from django.urls import path

from . import views

app_name = "kb"
urlpatterns = [
    path("", views.index, name="index"),
    path("announcements/", views.announcements, name="announcements"),
    path("<slug:slug>/", views.entry, name="entry"),
    path("<slug:slug>/print/", views.print_view, name="print"),
    path("<slug:slug>/rate/", views.rate, name="rate"),
]
