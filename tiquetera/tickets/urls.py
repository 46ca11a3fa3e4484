from django.urls import path

from . import views

app_name = "tickets"

urlpatterns = [
    path(
        "cases/<int:case_id>/attachments/<int:attachment_id>/",
        views.download_attachment,
        name="attachment",
    ),
]
