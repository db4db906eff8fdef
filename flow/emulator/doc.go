// Package emulator is a local emulator of Kakao Login: the authorization
// server (kauth.kakao.com) and the user API server (kapi.kakao.com) served
// by one plain http.Handler, following the project's Kakao API notes
// (kakao-api.md). It is an independent test oracle for the kakaologin client
// and uses only the standard library, plus go-jose to sign and publish
// OpenID Connect id_tokens.
//
// # Endpoints
//
//	GET       /oauth/authorize                   302 to redirect_uri, or a 400 HTML page with the KOE code
//	POST      /oauth/token                       authorization_code and refresh_token grants
//	POST      /oauth/tokeninfo                   id_token payload, or KOE400-KOE403
//	GET, POST /v2/user/me                        user JSON filtered by granted consent
//	GET       /v1/user/access_token_info         {"id","expires_in","app_id"}
//	POST      /v1/user/logout                    revokes the user's tokens
//	POST      /v1/user/unlink                    revokes tokens and forgets consent
//	GET, POST /v1/oidc/userinfo                  OIDC claims filtered by granted consent
//	GET       /.well-known/openid-configuration  discovery document; every URL in it is served
//	GET       /.well-known/jwks.json             the id_token signing key
//	GET       /_emulator/health                  emulator-only: {"status":"ok"}
//	GET       /_emulator/users                   emulator-only: users, connection, scopes
//
// kauth paths (/oauth/, /.well-known/) answer errors as
// {"error","error_description","error_code"}; all other paths as kapi
// {"msg","code"}. Every JSON response has Content-Type
// application/json;charset=UTF-8.
//
// # Default users
//
// DefaultUsers returns these accounts, in this order; the first is the
// default user (the one who logs in without login_hint). Their JSON is in
// default_users.json, a template for a --users file.
//
//	id                   nickname  email                         behaviour
//	3958471203           김카카오   kakao.tester@example.com      full data (fixture F3), verified email
//	4029183746           이동의     no.email.consent@example.com  declines account_email: no email, email_needs_agreement true
//	4120567891           박미인증   unverified@example.com        is_email_verified false
//	1376016924429759243  춘식이     choonsik@example.com          id above 2^53 (int64 precision check)
//	4211234567           최취소     cancel@example.com            presses Cancel: access_denied
//
// # Consent filtering
//
// A user's JSON is the full data; /v2/user/me keeps the given key order and
// raw values and applies the app's consent items:
//
//	profile_nickname  kakao_account.profile.{nickname,is_default_nickname}, properties.nickname
//	profile_image     kakao_account.profile.{profile_image_url,thumbnail_image_url,is_default_image},
//	                  properties.{profile_image,thumbnail_image}
//	profile           both of the above (legacy item)
//	account_email     kakao_account.{email,is_email_valid,is_email_verified}; flag email_needs_agreement
//	birthday          kakao_account.{birthday,birthday_type,is_leap_month}
//	account_ci        kakao_account.{ci,ci_authenticated_at}; flag ci_needs_agreement
//	any other X       kakao_account.X (name, gender, age_range, birthyear, phone_number, ...)
//
// Data of an item the app doesn't configure is absent together with its
// <item>_needs_agreement flag and has_* key. For a configured item the flag
// is true when not granted (data absent) and false when granted; a missing
// flag is inserted before the item's first key. connected_at is the time
// the user connected to the emulator. property_keys and secure_resource
// are applied last.
//
// # OpenID Connect
//
// OIDC is on unless Config.DisableOIDC, which models an app with OIDC off:
// scope=openid is then a KOE205 page ("Invalid scope: openid"). With OIDC
// on, a login whose scope includes openid consents to it and its token
// response carries an id_token right after token_type, and openid in
// scope. A later login asking no scope gets one too (openid is consented);
// one asking other items without openid gets none, as Kakao documents for
// additional consent. Unlink forgets the openid consent with the rest.
//
// The id_token is an RS256 JWS (kid and typ JWT in the header) with the
// claims of Kakao's example, in its order:
//
//	aud        the app's REST API key
//	sub        the user id as a decimal string (exact above 2^53)
//	auth_time  when /oauth/authorize ran
//	iss        Config.Issuer, else the request's origin ("http://" or, with TLS, "https://" + Host)
//	exp        iat + the access token lifetime
//	iat        issue time by the emulator's clock
//	nonce      when sent to /oauth/authorize
//	nickname   with profile_nickname (or profile) consented
//	picture    the 110px thumbnail, with profile_image (or profile) consented
//	email      with account_email consented, only if valid and verified
//
// A refresh token issued with an id_token issues a new one on refresh,
// with the original iss and auth_time, current consent and no nonce (OIDC
// Core §12.2). /v1/oidc/userinfo answers sub, name, nickname, picture,
// email and email_verified (valid and verified), gender, birthdate
// (YYYY-MM-DD, 0000-MM-DD or YYYY by consented items) and phone_number
// with phone_number_verified, each only as consented. /oauth/tokeninfo
// checks, in order: KOE400 missing or not an RS256 JWS, KOE402 not signed
// by the emulator's key, KOE401 iss not the request's issuer or aud not
// the app, KOE403 expired by the emulator's clock; all 400 invalid_token.
//
// The signing key is Config.SigningKey (see ParseSigningKey), else a
// 2048-bit key generated on first need: the first id_token, JWKS or
// tokeninfo request, so New and flows without openid never pay for it.
// Its kid is derived from the key (an RFC 7638 thumbprint), so the same
// key always publishes the same JWKS.
//
// Not emulated: key rotation (the JWKS holds one key), aud for Kakao's
// other app keys (native, JavaScript), openid as an App.Consent item (it is
// switched by DisableOIDC instead), and userinfo claims beyond those above.
//
// # Choices where Kakao's behaviour is undocumented
//
// These are inferences (marked [inf] in kakao-api.md), made so that the
// emulator is strict where a real client could go wrong:
//
//   - Token requests authenticate with client_id (and client_secret) in the
//     form; Kakao only advertises client_secret_post and ignores HTTP Basic.
//     A request without client_id in the form, Basic credentials or not,
//     gets what Kakao's users report: 401 invalid_client KOE101 "Not exist
//     client_id [null]" (a missing value reads null, as at /oauth/authorize).
//     It does not consume the code, so golang.org/x/oauth2's
//     AuthStyleAutoDetect, which tries Basic first, succeeds on its retry.
//   - PKCE: only S256; a plain or unknown method, or a malformed challenge, is
//     an invalid_request page (KOE001). A stored challenge requires a matching
//     code_verifier, else 400 invalid_grant with the mock-only error_code
//     KOE_MOCK_PKCE.
//   - A code is consumed by the first token request that passes client
//     authentication, even if a later check (KOE303, PKCE) fails.
//   - Rotating a refresh token revokes it; access tokens already issued from
//     it stay valid until they expire.
//   - Token parameters may also come in the query string (as many Kakao
//     tutorials send them); form values win.
//   - An unknown login_hint logs nobody in: a 400 page lists the known users.
//   - /v1/oidc/userinfo with an access token that came without an id_token
//     answers 403 -402 "insufficient scopes." with required_scopes
//     ["openid"]; the tokeninfo error descriptions are the emulator's own
//     wording, and a foreign aud is reported as KOE401 like a foreign iss.
//   - Kakao's id_token has no email_verified claim; userinfo's
//     email_verified and gender are as the user's data has them (lower-case
//     gender, where Kakao's example shows MALE).
package emulator
