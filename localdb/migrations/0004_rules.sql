-- 0004: the decision rules (rules.go) decide when two emails clash, so the
-- schema no longer does: the seed backend, on SQLite, stores
-- "Case.Tester@x" and "case.tester@x" as two users, which
-- users.email's UNIQUE COLLATE NOCASE refused. SQLite cannot drop a
-- constraint: users is rebuilt, and social_accounts with it, since
-- dropping users would cascade to it (foreign_keys is on and cannot be
-- turned off inside this transaction). The new social_accounts refers to
-- users_new, which the rename turns into users.
CREATE TABLE users_new (
    id             INTEGER PRIMARY KEY,
    -- NULL when the provider gave no email; case kept as received.
    email          TEXT CHECK (email IS NULL OR email <> ''),
    email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    nickname       TEXT NOT NULL UNIQUE CHECK (nickname <> ''),
    joined_at      TEXT NOT NULL,
    last_login_at  TEXT,
    email_key      TEXT
) STRICT;
INSERT INTO users_new (id, email, email_verified, nickname, joined_at, last_login_at, email_key)
    SELECT id, email, email_verified, nickname, joined_at, last_login_at, email_key FROM users;

CREATE TABLE social_accounts_new (
    id            INTEGER PRIMARY KEY,
    provider      TEXT NOT NULL CHECK (provider <> ''),
    uid           TEXT NOT NULL CHECK (uid <> ''),
    user_id       INTEGER NOT NULL REFERENCES users_new (id) ON DELETE CASCADE,
    profile       TEXT,
    joined_at     TEXT NOT NULL,
    last_login_at TEXT,
    UNIQUE (provider, uid)
) STRICT;
INSERT INTO social_accounts_new (id, provider, uid, user_id, profile, joined_at, last_login_at)
    SELECT id, provider, uid, user_id, profile, joined_at, last_login_at FROM social_accounts;

DROP TABLE social_accounts;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
ALTER TABLE social_accounts_new RENAME TO social_accounts;

CREATE INDEX social_accounts_user_id ON social_accounts (user_id);
CREATE INDEX users_email_key ON users (email_key);
-- Usernames compared as Django's iexact does on SQLite (ASCII case only),
-- for the allauth rules' "username taken".
CREATE INDEX users_nickname_nocase ON users (nickname COLLATE NOCASE);
