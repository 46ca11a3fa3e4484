from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from tiquetera.api.main import api
from tiquetera.core.views import healthz, metrics_view

admin.site.site_header = _("Tiquetera configuration")
admin.site.site_title = "Tiquetera"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("tiquetera.portal.auth_urls")),  # password reset by email
    path("i18n/", include("django.conf.urls.i18n")),
    path("billing/", include("tiquetera.billing.urls")),
    path("reports/", include("tiquetera.reports.urls")),
    path("tickets/", include("tiquetera.tickets.urls")),
    path("channels/email/", include("tiquetera.channels.email.urls")),
    path("channels/whatsapp/", include("tiquetera.channels.whatsapp.urls")),
    path("calls/", include("tiquetera.channels.phone.urls")),
    path("inquiries/", include("tiquetera.inquiries.urls")),
    path("portal/", include("tiquetera.portal.urls")),
    path("kb/", include("tiquetera.kb.urls")),
    path("", include("tiquetera.desk.urls")),
]
