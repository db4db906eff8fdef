"""POST /accounts/kakao/login/finish/: dj-rest-auth's SocialLoginView, written out.

dj-rest-auth is not packaged in Debian, so its logic is copied here, briefly
and faithfully, from dj-rest-auth 4.0.1 (the last release that supports
allauth < 0.55; Debian bookworm has allauth 0.51):
dj_rest_auth/registration/serializers.py SocialLoginSerializer.validate,
dj_rest_auth/registration/views.py SocialLoginView and
dj_rest_auth/views.py LoginView, with
REST_AUTH = {"USE_JWT": True, "JWT_AUTH_HTTPONLY": False}, so the answer is
{"access": ..., "refresh": ..., "user": {"pk", "nickname", "email"}}.

The one addition: the body may carry `redirect_uri` for the `code` flow
(dj-rest-auth takes it from the view's callback_url only); Kakao checks it
against the app's registered redirect URIs.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponseBadRequest
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from requests.exceptions import HTTPError
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework_simplejwt.tokens import RefreshToken

from allauth.account import app_settings as allauth_account_settings
from allauth.account.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error

from .kakao import KakaoOAuth2Adapter


class SocialLoginSerializer(serializers.Serializer):
    access_token = serializers.CharField(required=False, allow_blank=True)
    code = serializers.CharField(required=False, allow_blank=True)
    id_token = serializers.CharField(required=False, allow_blank=True)
    redirect_uri = serializers.CharField(required=False, allow_blank=True)

    def _get_request(self):
        request = self.context.get("request")
        if not isinstance(request, HttpRequest):
            request = request._request
        return request

    def get_social_login(self, adapter, app, token, response):
        request = self._get_request()
        social_login = adapter.complete_login(request, app, token, response=response)
        social_login.token = token
        return social_login

    def set_callback_url(self, view, adapter_class, attrs):
        self.callback_url = attrs.get("redirect_uri") or getattr(
            view, "callback_url", None
        )
        if not self.callback_url:
            try:
                self.callback_url = reverse(
                    viewname=adapter_class.provider_id + "_callback",
                    request=self._get_request(),
                )
            except NoReverseMatch:
                raise serializers.ValidationError(_("Define callback_url in view"))

    def validate(self, attrs):
        view = self.context.get("view")
        request = self._get_request()
        adapter_class = view.adapter_class
        adapter = adapter_class(request)
        app = adapter.get_provider().get_app(request)

        access_token = attrs.get("access_token")
        code = attrs.get("code")
        if access_token:  # Case 1: the client has the access token
            tokens_to_parse = {"access_token": access_token}
            token = access_token
            id_token = attrs.get("id_token")
            if id_token:  # kept with the token; Kakao's adapter ignores it
                tokens_to_parse["id_token"] = id_token
        elif code:  # Case 2: the client has an authorization code
            self.set_callback_url(view, adapter_class, attrs)
            provider = adapter.get_provider()
            client = view.client_class(
                request,
                app.client_id,
                app.secret,
                adapter.access_token_method,
                adapter.access_token_url,
                self.callback_url,
                provider.get_scope(request),
                scope_delimiter=adapter.scope_delimiter,
                headers=adapter.headers,
                basic_auth=adapter.basic_auth,
            )
            try:
                token = client.get_access_token(code)
            except OAuth2Error as ex:
                raise serializers.ValidationError(
                    _("Failed to exchange code for access token")
                ) from ex
            access_token = token["access_token"]
            tokens_to_parse = {"access_token": access_token}
            for key in ["refresh_token", "id_token", adapter.expires_in_key]:
                if key in token:
                    tokens_to_parse[key] = token[key]
        else:  # an id_token alone lands here too, as in dj-rest-auth
            raise serializers.ValidationError(
                _("Incorrect input. access_token or code is required.")
            )

        social_token = adapter.parse_token(tokens_to_parse)
        social_token.app = app

        try:
            login = self.get_social_login(adapter, app, social_token, token)
            # allauth: look the (kakao, uid) account up; sign in if it exists,
            # else auto-signup unless the email belongs to a user already.
            ret = complete_social_login(request, login)
        except HTTPError:  # /v2/user/me refused the token
            raise serializers.ValidationError(_("Incorrect value"))

        if isinstance(ret, HttpResponseBadRequest):
            raise serializers.ValidationError(ret.content)

        if not login.is_existing:
            # allauth declined auto-signup: with ACCOUNT_UNIQUE_EMAIL, a user
            # already has this email. dj-rest-auth refuses rather than link.
            if allauth_account_settings.UNIQUE_EMAIL:
                account_exists = (
                    get_user_model().objects.filter(email=login.user.email).exists()
                )
                if account_exists:
                    raise serializers.ValidationError(
                        _("User is already registered with this e-mail address.")
                    )
            login.lookup()
            login.save(request, connect=True)

        attrs["user"] = login.account.user
        return attrs


class UserDetailsSerializer(serializers.ModelSerializer):
    # dj-rest-auth's pk, USERNAME_FIELD, EMAIL_FIELD, with the seed's nickname in
    # place of the username (kakao_<uid>, of no interest to a client)
    class Meta:
        model = get_user_model()
        fields = ("pk", "nickname", "email")
        read_only_fields = ("email",)


class JWTSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user = serializers.SerializerMethodField()

    def get_user(self, obj):
        return UserDetailsSerializer(obj["user"], context=self.context).data


class KakaoLogin(GenericAPIView):
    """dj-rest-auth's SocialLoginView with adapter_class = KakaoOAuth2Adapter."""

    permission_classes = (AllowAny,)
    authentication_classes = ()
    serializer_class = SocialLoginSerializer
    adapter_class = KakaoOAuth2Adapter
    client_class = OAuth2Client
    callback_url = settings.KAKAO_REDIRECT_URI or None

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        refresh = RefreshToken.for_user(user)  # dj-rest-auth's jwt_encode
        get_adapter(request).login(request, user)  # SESSION_LOGIN (default)
        data = {"user": user, "access": refresh.access_token, "refresh": refresh}
        return Response(JWTSerializer(data, context=self.get_serializer_context()).data)


class UserDetails(GenericAPIView):
    """GET /accounts/user/ with "Authorization: Bearer <access>": the user."""

    permission_classes = (IsAuthenticated,)
    serializer_class = UserDetailsSerializer

    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(request.user).data)
