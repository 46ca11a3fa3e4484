from django.urls import path

from . import case_actions, case_views, queue_views, views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("desk/deadline", views.deadline, name="deadline"),
    path("cases/<str:number>/", case_views.case_page, name="case"),
    path("cases/<str:number>/canned/", case_views.canned_text, name="canned_text"),
    path("cases/<str:number>/<slug:action>/", case_actions.case_action, name="case_action"),
    path("queue/", queue_views.queue, name="queue"),
    path("queue/views/", queue_views.save_queue_view, name="queue_view_save"),
    path(
        "queue/views/<int:view_id>/delete", queue_views.delete_queue_view, name="queue_view_delete"
    ),
]
