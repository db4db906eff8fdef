-- 0003: emails unique ignoring case for all of Unicode, not ASCII only as
-- the NOCASE collation of users.email does (which stays, and is implied).
-- email_key is foldEmail(email) (simple Unicode case folding, see
-- emailkey.go), set by Go: fillEmailKeys fills it for existing users in
-- this migration's transaction. Not UNIQUE: a file may already hold two
-- emails that only this folding makes equal (École@ and école@); every
-- write checks the key in its transaction before inserting instead, and
-- lookups take the lowest id.
ALTER TABLE users ADD COLUMN email_key TEXT;
CREATE INDEX users_email_key ON users (email_key);
