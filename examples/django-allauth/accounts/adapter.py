"""The seed's social account adapter: the nickname straight from Kakao.

allauth 0.51's Kakao provider gives allauth a "username" (properties.nickname),
which allauth cleans and de-duplicates. The seed keeps the nickname in a
unique column of its own instead, filled here as it comes from Kakao:
kakao_account.profile.nickname, else properties.nickname (what kakaologin
reads), else `kakao_<uid>` (kakaologin's generated nickname: the column is
NOT NULL and unique, so something has to go in). A nickname another user
has is not changed: saving the user raises IntegrityError, a 500.

The username is `kakao_<uid>`: unique per Kakao account, so allauth keeps
it as is on every path.
"""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


def kakao_nickname(extra_data):
    account = extra_data.get("kakao_account") or {}
    profile = account.get("profile") or {}
    properties = extra_data.get("properties") or {}
    return profile.get("nickname") or properties.get("nickname") or ""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        account = sociallogin.account
        user.username = f"{account.provider}_{account.uid}"
        user.nickname = kakao_nickname(account.extra_data) or user.username
        return user
