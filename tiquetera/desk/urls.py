from django.urls import path

from . import case_views, views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("desk/deadline", views.deadline, name="deadline"),
    path("cases/<str:number>/", case_views.case_page, name="case"),
]
