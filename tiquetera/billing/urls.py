from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path(
        "organizations/<int:organization_id>/statement/<int:year>-<int:month>/",
        views.statement,
        name="statement",
    ),
    path(
        "organizations/<int:organization_id>/statement/<int:year>-<int:month>.csv",
        views.statement_as_csv,
        name="statement_csv",
    ),
]
