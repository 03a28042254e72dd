-- An optional e-mail address on each account, to which reminders are also
-- sent when the server is configured to send e-mail. Empty means none.
-- (0008 is taken by other work.) Keep in step with ../postgres/0009_user_email.sql.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
