package localdb

import "context"

// sqlEachUser streams every user with its social accounts in one pass: the
// users table in rowid order, each joined to its accounts through the
// social_accounts_user_id index (whose entries are ordered by user_id, then
// id), so SQLite needs no sort and holds no result set.
const sqlEachUser = "SELECT u.id, u.email, u.email_verified, u.nickname, u.joined_at, u.last_login_at," +
	" s.provider, s.uid, s.profile, s.joined_at, s.last_login_at" +
	" FROM users u LEFT JOIN social_accounts s ON s.user_id = u.id" +
	" ORDER BY u.id, s.id"

// EachUser calls fn for every user, ordered by id, with its social accounts,
// from one consistent snapshot. Rows are streamed: memory does not grow with
// the number of users. It stops at, and returns, the first error from fn
// (unwrapped, so errors.Is works as fn intended). fn may use db, but a
// write from fn is not seen by the running stream.
func (db *DB) EachUser(ctx context.Context, fn func(User) error) error {
	var fnErr error
	err := db.read(ctx, "each user", func(ctx context.Context, t *txn) error {
		rows, err := t.tx.QueryContext(ctx, sqlEachUser)
		if err != nil {
			return err
		}
		defer rows.Close()
		var (
			cur  User
			have bool
			ur   userRow
			sr   socialRow
			dest = append(ur.dest(), sr.dest()...)
		)
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			if !have || ur.id != cur.ID {
				if have {
					if fnErr = fn(cur); fnErr != nil {
						return nil
					}
				}
				if cur, err = ur.user(); err != nil {
					return err
				}
				have = true
			}
			if sr.provider.Valid { // LEFT JOIN: NULL when the user has no account
				s, err := sr.social()
				if err != nil {
					return err
				}
				cur.Socials = append(cur.Socials, s)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if have {
			fnErr = fn(cur)
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}
