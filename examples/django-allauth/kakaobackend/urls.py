from django.urls import include, path

from accounts import kakao, views

urlpatterns = [
    # The REST endpoint a client (or `kakaologin login --backend`) posts to.
    path("accounts/kakao/login/finish/", views.KakaoLogin.as_view(), name="kakao_login_finish"),
    path("accounts/user/", views.UserDetails.as_view(), name="user_details"),
    # allauth's browser flow, with base URLs from settings (before allauth's).
    path("accounts/kakao/login/", kakao.oauth2_login, name="kakao_login"),
    path("accounts/kakao/login/callback/", kakao.oauth2_callback, name="kakao_callback"),
    path("accounts/", include("allauth.urls")),
]
