// Package emulator is a local emulator of Kakao Login: the authorization
// server (kauth.kakao.com) and the user API server (kapi.kakao.com) served
// by one plain http.Handler, following the project's Kakao API notes
// (kakao-api.md). It is an independent test oracle for the kakaologin client
// and uses only the standard library. OIDC (id_token, JWKS, userinfo) is
// left for later.
//
// # Endpoints
//
//	GET       /oauth/authorize                   302 to redirect_uri, or a 400 HTML page with the KOE code
//	POST      /oauth/token                       authorization_code and refresh_token grants
//	GET, POST /v2/user/me                        user JSON filtered by granted consent
//	GET       /v1/user/access_token_info         {"id","expires_in","app_id"}
//	POST      /v1/user/logout                    revokes the user's tokens
//	POST      /v1/user/unlink                    revokes tokens and forgets consent
//	GET       /.well-known/openid-configuration  discovery document (no id_token yet)
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
// # Choices where Kakao's behaviour is undocumented
//
// These are inferences (marked [inf] in kakao-api.md), made so that the
// emulator is strict where a real client could go wrong:
//
//   - Token requests authenticate with client_id (and client_secret) in the
//     form; Kakao only advertises client_secret_post. A request carrying HTTP
//     Basic credentials but no client_id is rejected with 401 invalid_client
//     KOE010 and does not consume the code, so golang.org/x/oauth2's
//     AuthStyleAutoDetect retry succeeds. Without client_id and without Basic
//     it is 401 invalid_client KOE101 "Not exist client_id []".
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
package emulator
