from django.urls import path

from . import (
    case_actions,
    case_lazy_forms,
    case_tags,
    case_views,
    directory_views,
    new_case_views,
    queue_views,
    search_views,
    simulator_views,
    views,
)

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("desk/deadline", views.deadline, name="deadline"),
    path("cases/new/", new_case_views.new_case, name="new_case"),
    path("cases/new/fields/", new_case_views.type_fields, name="new_case_fields"),
    path("cases/<str:number>/", case_views.case_page, name="case"),
    path("cases/<str:number>/canned/", case_views.canned_text, name="canned_text"),
    path("cases/<str:number>/presence/", case_views.presence, name="case_presence"),
    path("cases/<str:number>/clocks/", case_views.clocks, name="case_clocks"),
    path("cases/<str:number>/tags/", case_tags.case_tags_view, name="case_tags"),
    path("cases/<str:number>/forms/<slug:action>/", case_lazy_forms.action_form, name="case_form"),
    path("cases/<str:number>/<slug:action>/", case_actions.case_action, name="case_action"),
    path("search/", search_views.search, name="search"),
    path("organizations/new/", directory_views.new_organization, name="organization_new"),
    path("organizations/<int:organization_id>/", directory_views.organization, name="organization"),
    path(
        "organizations/<int:organization_id>/edit/",
        directory_views.edit_organization,
        name="organization_edit",
    ),
    path(
        "organizations/<int:organization_id>/standing/",
        directory_views.set_standing,
        name="organization_standing",
    ),
    path(
        "organizations/<int:organization_id>/contacts/new/",
        directory_views.new_contact,
        name="contact_new",
    ),
    path("contacts/<int:contact_id>/", directory_views.contact, name="contact"),
    path("contacts/<int:contact_id>/edit/", directory_views.edit_contact, name="contact_edit"),
    path("contacts/<int:contact_id>/invite/", directory_views.invite, name="contact_invite"),
    path("simulator/", simulator_views.simulator, name="simulator"),
    path("simulator/<int:simulation_id>/", simulator_views.simulation, name="simulation"),
    path(
        "simulator/<int:simulation_id>/status/",
        simulator_views.simulation_status,
        name="simulation_status",
    ),
    path(
        "simulator/<int:simulation_id>/<slug:table>.csv",
        simulator_views.simulation_csv,
        name="simulation_csv",
    ),
    path("queue/", queue_views.queue, name="queue"),
    path("queue/bulk/", queue_views.bulk, name="queue_bulk"),
    path(
        "queue/organizations/",
        queue_views.organization_suggestions_view,
        name="queue_organizations",
    ),
    path("queue/views/", queue_views.save_queue_view, name="queue_view_save"),
    path(
        "queue/views/<int:view_id>/delete", queue_views.delete_queue_view, name="queue_view_delete"
    ),
]
