"""allauth's Kakao OAuth2 adapter, with Kakao's base URLs from settings.

allauth 0.51's KakaoOAuth2Adapter hard-codes https://kauth.kakao.com and
https://kapi.kakao.com. This subclass reads settings.KAKAO_AUTH_URL and
settings.KAKAO_API_URL (environment KAKAO_AUTH_URL / KAKAO_API_URL), so the
same code runs against real Kakao and against `kakaologin mock`.
Everything else (the profile request, uid/email/nickname extraction) is
allauth's.
"""

from django.conf import settings

from allauth.socialaccount.providers.kakao.views import (
    KakaoOAuth2Adapter as AllauthKakaoOAuth2Adapter,
)
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2CallbackView,
    OAuth2LoginView,
)


class KakaoOAuth2Adapter(AllauthKakaoOAuth2Adapter):
    @property
    def access_token_url(self):
        return settings.KAKAO_AUTH_URL + "/oauth/token"

    @property
    def authorize_url(self):
        return settings.KAKAO_AUTH_URL + "/oauth/authorize"

    @property
    def profile_url(self):
        return settings.KAKAO_API_URL + "/v2/user/me"


# allauth's browser flow (/accounts/kakao/login/ and .../callback/) with the
# same adapter; urls.py puts these before allauth's own.
oauth2_login = OAuth2LoginView.adapter_view(KakaoOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(KakaoOAuth2Adapter)
