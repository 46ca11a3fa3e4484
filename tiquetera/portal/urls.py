from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/new/", views.new_case, name="new_case"),
    path("cases/new/fields/", views.type_fields, name="type_fields"),
    path("cases/<str:number>/submitted/", views.submitted, name="submitted"),
]
