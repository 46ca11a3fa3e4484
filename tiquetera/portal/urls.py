from django.urls import path

from . import case_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/new/", views.new_case, name="new_case"),
    path("cases/new/fields/", views.type_fields, name="type_fields"),
    path("cases/<str:number>/", case_views.case_detail, name="case"),
    path("cases/<str:number>/submitted/", views.submitted, name="submitted"),
    path("cases/<str:number>/reply/", case_views.reply, name="reply"),
    path("cases/<str:number>/confirm/", case_views.confirm, name="confirm"),
    path("cases/<str:number>/reopen/", case_views.reopen, name="reopen"),
    path("cases/<str:number>/rate/", case_views.rate, name="rate"),
    path("cases/<str:number>/purchase-order/", case_views.purchase_order, name="purchase_order"),
    path("cases/<str:number>/price/", case_views.price, name="price"),
    path("cases/<str:number>/consent/", case_views.consent, name="consent"),
    path("verify/", case_views.verification, name="verification"),
    path("verify/<str:number>/", case_views.verify, name="verify"),
    path("plan/", views.plan, name="plan"),
    path("search/", views.search, name="search"),
    path("quotes/<int:quote_id>/<slug:decision>/", views.quote_decision, name="quote_decision"),
]
