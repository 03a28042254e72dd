-- In-app reminders sent down to late units (issue 4). Keep in step with
-- ../postgres/0007_notifications.sql.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    text        TEXT    NOT NULL,
    link        TEXT    NOT NULL DEFAULT '',
    sender      TEXT    NOT NULL DEFAULT '',
    sender_org  TEXT    NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX notifications_org ON notifications(org_id, created_at);
