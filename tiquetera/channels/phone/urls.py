from django.urls import path

from . import views

app_name = "phone"
urlpatterns = [
    path("", views.calls, name="calls"),
    path("new/", views.new_call, name="new"),
    path("<int:call_id>/", views.call_page, name="call"),
    path("<int:call_id>/case/", views.open_case, name="open_case"),
    path("<int:call_id>/record/", views.record_on_case, name="record"),
    path("<int:call_id>/case/fields/", views.type_fields, name="type_fields"),
]
