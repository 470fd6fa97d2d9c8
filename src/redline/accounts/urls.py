from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from redline.accounts import views
from redline.http.render import twin

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("settings/", views.account_settings, name="settings"),
    path("password/", views.password_change, name="password-change"),
    path("verify/resend/", views.resend_verification, name="verify-resend"),
    path("verify/<str:token>/", views.verify_email, name="verify"),
    path("organisations/new/", views.organisation_new, name="org-new"),
    *twin("organisations/requests/", views.organisation_requests, "org-requests"),
    path("organisations/requests/<int:pk>/decide/", views.organisation_request_decide, name="org-request-decide"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="token-revoke"),
    path("invitations/<str:code>/", views.invitation, name="invitation"),
    path("password-reset/", auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html", email_template_name="accounts/password_reset_email.txt",
        success_url=reverse_lazy("accounts:password_reset_done")), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete")), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
]
