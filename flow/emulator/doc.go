// Package emulator is a local emulator of Kakao Login: the authorization
// server (kauth.kakao.com) and the user API server (kapi.kakao.com) served
// by one plain http.Handler, following Kakao's documentation. It is an
// independent test oracle for the kakaologin client and uses only the
// standard library, plus go-jose to sign and publish OpenID Connect
// id_tokens.
//
// Comments cite Kakao's pages by name:
//
//   - REST API docs: https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api
//   - trouble-shooting docs (KOE codes): https://developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting
//   - error-code docs (API codes): https://developers.kakao.com/docs/latest/ko/rest-api/error-code
//   - quota docs: https://developers.kakao.com/docs/latest/ko/getting-started/quota
//
// # Endpoints
//
//	GET       /oauth/authorize                   Kakao's account and consent pages (or, with AutoApprove, at
//	                                             once) 302 to redirect_uri; a 400 HTML page with the KOE code
//	POST      /oauth/authorize/account           the account page's forms: the chooser and the id field
//	POST      /oauth/authorize/consent           the consent page's form: agree or cancel
//	GET       /oauth/logout                      ends the Kakao Account session, 302 to logout_redirect_uri
//	POST      /oauth/token                       authorization_code and refresh_token grants
//	POST      /oauth/tokeninfo                   id_token payload, or KOE400-KOE403
//	GET, POST /v2/user/me                        user JSON filtered by granted consent
//	GET       /v1/user/access_token_info         {"id","expires_in","app_id"}
//	POST      /v1/user/logout                    revokes the user's tokens
//	POST      /v1/user/unlink                    revokes tokens and forgets consent
//	GET       /v2/user/scopes                    the app's consent items, agreed or not
//	POST      /v2/user/revoke/scopes             withdraws optional items
//	GET       /v1/user/ids                       admin key: connected users' ids
//	POST      /v2/api/talk/memo/default/send     Talk "send to me": needs talk_message (else -402)
//	GET, POST /v1/oidc/userinfo                  OIDC claims filtered by granted consent
//	GET       /.well-known/openid-configuration  discovery document; every URL in it is served
//	GET       /.well-known/jwks.json             the id_token signing key
//
// Access tokens come as "Authorization: Bearer <token>" or, on GET without
// that header, as the access_token query parameter. With Config.AdminKey,
// "Authorization: KakaoAK <key>" plus target_id_type=user_id and
// target_id=<id> acts on that user at /v2/user/me, /v1/user/logout,
// /v1/user/unlink, /v2/user/scopes and /v2/user/revoke/scopes, and lists
// users at /v1/user/ids.
//
// # Login and consent pages
//
// Unless Config.AutoApprove, /oauth/authorize shows what a person sees on
// Kakao, in Korean with English beside, as plain HTML and CSS (no script,
// no external asset):
//
//   - The account page: the users as a list to pick from, like Kakao's
//     account chooser, and an id field (email or user id, no password)
//     that login_hint pre-fills. An entry no user matches is shown again
//     with the problem under the field, as Kakao does. Picking a user
//     starts a Kakao Account session: a cookie, 24 hours on the
//     emulator's clock. With a session the page is skipped and login_hint
//     ignored, unless prompt is login, select_account (the session's
//     user is marked) or create (sign-up is not emulated).
//   - The consent page, when the user has not agreed to the app yet (all
//     its items), or when scope asks for items not granted (additional
//     consent: only those, so a declined item can be granted this way).
//     Required items are ticked and fixed; optional ones are checkboxes,
//     ticked unless the user's _emulator switch declines them. "동의하고
//     계속하기 / Agree and continue" grants the required and the ticked
//     items and redirects with a code; "취소 / Cancel" redirects
//     error=access_denied. Consent is remembered per user until unlink.
//   - prompt=none shows nothing: without a session it redirects
//     error=login_required, with consent still to give consent_required.
//
// GET /oauth/logout?client_id=...&logout_redirect_uri=...[&state=] ends
// the session, so the next login shows the account page, and redirects
// to the URI, which must be one of App.LogoutRedirectURIs (else KOE007).
//
// The forms are protected as a real login page's: POST only, a one-time
// token per rendered form (10 minutes on the emulator's clock; else a
// 400 KOE_MOCK_FORM page), a foreign Origin refused; the redirect URI and
// the rest of the request stay on the server, so a form can pick a user,
// tick items and agree or cancel, nothing else. Pages are never cached
// or framed, and their Content-Security-Policy allows no script.
//
// The pages carry stable markers for programs that play the person:
// <meta name="kakaologin-emulator" content="account|consent">, forms
// with data-kakaologin="account-chooser", "account-login" or "consent",
// data-kakaologin-user (and data-kakaologin-default on the user to pick
// without a hint: the session's, else Config.DefaultUserID),
// data-kakaologin-error on the field's problem, data-kakaologin-item
// (with data-kakaologin-required) on the items, data-kakaologin-cancels
// on the consent form of a user whose switch presses Cancel, and
// data-kakaologin-action on the buttons.
//
// # Test instrument: /_emulator/
//
// The emulator's own API (JSON, kapi-shaped errors with code -2) lets a
// test suite make Kakao fail on purpose, move time and see what its
// backend sent. POST calls need Content-Type: application/json, which a
// web page cannot send cross-site without asking, so no page the developer
// visits can drive them. /_emulator/ is never faulted nor logged.
//
//	GET     /_emulator/health         {"status":"ok"}
//	GET     /_emulator/users          the users, their connection and consent
//	POST    /_emulator/users          adds users: one user object or an array, as in a users file
//	GET     /_emulator/faults         {"faults":[{"id","spec","path","remaining","until","hits"}]}
//	POST    /_emulator/faults         arms one: {"spec":"token:KOE237x3"} or Fault's fields
//	DELETE  /_emulator/faults[/{id}]  disarms all, or one
//	GET     /_emulator/clock          {"now","offset"}
//	POST    /_emulator/clock          {"advance":"6h"} moves the clock forward
//	GET     /_emulator/requests       {"requests":[Request...],"dropped"}: ?path=&since=&after=
//	POST    /_emulator/reset          forgets codes, tokens, consent, sessions, log and clock; re-arms Config.Faults
//
// Faults (see Fault and ParseFault) answer any error of KakaoErrors with
// Kakao's status and body, an HTTP status with a proxy's HTML page, a
// malformed body, or latency, on the next N calls of an endpoint or on
// every call to a path for a while; they consume nothing. The clock
// (Advance) expires codes, access and refresh tokens and id_tokens, and
// reaches the refresh-rotation window. The request log (Requests) keeps
// the latest Config.RequestLogSize requests, with secrets cut to 6
// characters. With Config.RateLimit the token endpoint answers KOE237
// past Kakao's per-user limits: 20 access tokens per 10 minutes, 30
// refresh tokens per 60 minutes, issued by code and refresh grants alike.
// The Go methods Advance, AddFault, Reset, AddUsers and Requests do the
// same for Go tests.
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
// default_users.json, a template for a test users file.
//
//	id                   nickname  email                         behaviour
//	3958471203           김카카오   kakao.tester@example.com      full data (fixture F3), verified email
//	4029183746           이동의     no.email.consent@example.com  declines account_email: no email, email_needs_agreement true
//	4120567891           박미인증   unverified@example.com        is_email_verified false
//	1376016924429759243  춘식이     choonsik@example.com          id above 2^53 (int64 precision check)
//	4211234567           최취소     cancel@example.com            presses Cancel: access_denied
//
// The "_emulator" switches (see User) act with AutoApprove; on the pages
// they only preset the consent page (declined items unticked, a note and
// a marker for the user who cancels): the person decides.
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
//	auth_time  when the user picked the account on the account page (the
//	           session's login), or with AutoApprove when /oauth/authorize ran
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
// # Not emulated
//
//   - Kakao Sync: service_terms at /oauth/authorize and the
//     /v2/user/*service_terms APIs; manual signup (/v1/user/signup,
//     has_signed_up); /v1/user/update_profile and user properties.
//   - /v1/user/shipping_address, /v2/app/users, Kakao Talk friends and
//     message APIs other than memo send (which sends nothing).
//   - Passwords, the sign-up page (prompt=create), Kakao Talk's
//     in-app login, "keep me logged in" and the "agree to all" box,
//     which needs a script.
//   - Quotas other than the per-user token limit: the app's monthly
//     quota (-10) and /v1/user/ids' 100 calls per minute can be injected
//     as faults but are never reached on their own.
//   - Native and JavaScript app keys (KOE008), platforms (KOE009), team
//     members (KOE005), channels (KOE102): faults only.
//
// # Choices where Kakao's behaviour is undocumented
//
// These are inferences (Kakao does not document them), made so that the
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
//   - With AutoApprove an unknown login_hint logs nobody in: a 400 page
//     lists the known users. On the pages it only pre-fills the field.
//   - The pages' paths under /oauth/authorize/, their form fields, the
//     session cookie (kakaologin_emulator_session) and prompt=none's
//     login_required description ("user authentication required.") are
//     the emulator's own; Kakao's live on accounts.kakao.com.
//   - /v1/oidc/userinfo with an access token that came without an id_token
//     answers 403 -402 "insufficient scopes." with required_scopes
//     ["openid"]; the tokeninfo error descriptions are the emulator's own
//     wording, and a foreign aud is reported as KOE401 like a foreign iss.
//   - A code exchange refused by the rate limit leaves the code for a
//     later try; an admin-key call naming an unknown or unlinked user is
//     400 -101 "NotRegisteredUserException"; /v1/user/ids answers
//     elements and after_url only. /v2/user/scopes' display_name values
//     are the emulator's wording, and revoking is all or nothing.
//   - Kakao's id_token has no email_verified claim; userinfo's
//     email_verified and gender are as the user's data has them (lower-case
//     gender, where Kakao's example shows MALE).
package emulator
