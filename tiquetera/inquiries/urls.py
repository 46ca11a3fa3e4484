from django.urls import path

from . import views

app_name = "inquiries"
urlpatterns = [
    path("", views.inquiries, name="list"),
    path("<int:inquiry_id>/", views.inquiry_page, name="inquiry"),
    path("<int:inquiry_id>/answer/", views.answer, name="answer"),
    path("<int:inquiry_id>/files/<int:file_id>/", views.download, name="file"),
    path("<int:inquiry_id>/close/", views.close, name="close"),
    path("<int:inquiry_id>/link/", views.link, name="link"),
    path("<int:inquiry_id>/case/", views.to_case, name="to_case"),
    path("<int:inquiry_id>/case/fields/", views.type_fields, name="type_fields"),
    path("from-call/<int:call_id>/", views.from_call, name="from_call"),
]
