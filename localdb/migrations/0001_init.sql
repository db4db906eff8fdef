-- 0001: users and their social accounts, as django-allauth keeps them
-- (auth_user + socialaccount_socialaccount), reduced to what the decision needs.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    -- NULL when the provider gave no email; unique ignoring ASCII case.
    email          TEXT COLLATE NOCASE UNIQUE CHECK (email IS NULL OR email <> ''),
    email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    nickname       TEXT NOT NULL UNIQUE CHECK (nickname <> ''),
    -- UTC, RFC 3339, whole seconds: 2006-01-02T15:04:05Z
    joined_at      TEXT NOT NULL,
    last_login_at  TEXT
) STRICT;

CREATE TABLE social_accounts (
    id            INTEGER PRIMARY KEY,
    provider      TEXT NOT NULL CHECK (provider <> ''),
    uid           TEXT NOT NULL CHECK (uid <> ''),
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the provider's whole profile JSON, byte for byte as received
    profile       TEXT,
    joined_at     TEXT NOT NULL,
    last_login_at TEXT,
    UNIQUE (provider, uid)
) STRICT;

-- A user's accounts: the email branch of the decision, cascading deletes and
-- the users-with-accounts stream (ordered by user_id, then id).
CREATE INDEX social_accounts_user_id ON social_accounts (user_id);
