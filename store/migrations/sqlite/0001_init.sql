-- Bốn Tốt schema, SQLite dialect. Keep in step with ../postgres/0001_init.sql.
-- Dates are DATE (yyyy-mm-dd text); timestamps TIMESTAMP; collation keys BLOB
-- compared bytewise, which gives Vietnamese order on both engines.

CREATE TABLE orgs (
    id            INTEGER PRIMARY KEY,
    code          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    short_name    TEXT    NOT NULL DEFAULT '',
    kind          TEXT    NOT NULL,
    subtype       TEXT    NOT NULL DEFAULT '',
    parent_id     INTEGER REFERENCES orgs(id),
    path          TEXT    NOT NULL DEFAULT '',
    depth         INTEGER NOT NULL DEFAULT 0,
    valid_from    DATE    NOT NULL,
    valid_to      DATE,
    decision      TEXT    NOT NULL DEFAULT '',
    name_key      BLOB    NOT NULL,
    search_key    TEXT    NOT NULL,
    member_count  INTEGER NOT NULL DEFAULT 0,
    cell_count    INTEGER NOT NULL DEFAULT 0,
    org_count     INTEGER NOT NULL DEFAULT 0,
    child_count   INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX orgs_code ON orgs(code);
CREATE INDEX orgs_parent ON orgs(parent_id, name_key);
CREATE INDEX orgs_path ON orgs(path);

CREATE TABLE org_events (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    event_date  DATE    NOT NULL,
    decision    TEXT    NOT NULL DEFAULT '',
    note        TEXT    NOT NULL DEFAULT '',
    user_id     INTEGER,
    created_at  TIMESTAMP NOT NULL
);

-- Lineage: which organizations an event took from (source) and gave to (target).
CREATE TABLE org_event_links (
    event_id  INTEGER NOT NULL REFERENCES org_events(id),
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    role      TEXT    NOT NULL CHECK (role IN ('source', 'target')),
    PRIMARY KEY (event_id, org_id, role)
);
CREATE INDEX org_event_links_org ON org_event_links(org_id);

CREATE TABLE members (
    id                INTEGER PRIMARY KEY,
    full_name         TEXT    NOT NULL,
    name_key          BLOB    NOT NULL,
    search_key        TEXT    NOT NULL,
    given_key         TEXT    NOT NULL,
    gender            TEXT    NOT NULL,
    birth_date        DATE    NOT NULL,
    admitted_date     DATE    NOT NULL,
    full_member_date  DATE,
    status            TEXT    NOT NULL,
    card_number       TEXT,
    position          TEXT    NOT NULL,
    phone             TEXT    NOT NULL DEFAULT '',
    org_id            INTEGER REFERENCES orgs(id),
    org_path          TEXT    NOT NULL DEFAULT '',
    temp_org_id       INTEGER REFERENCES orgs(id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
-- A cell's list and a small subtree's list come from members_path in name
-- order; a name search in a large subtree walks members_search or
-- members_given, whose second column filters the subtree without reading rows.
CREATE UNIQUE INDEX members_card ON members(card_number);
CREATE INDEX members_path ON members(org_path, name_key);
CREATE INDEX members_search ON members(search_key, org_path);
CREATE INDEX members_given ON members(given_key, org_path);
CREATE INDEX members_temp_org ON members(temp_org_id) WHERE temp_org_id IS NOT NULL;

CREATE TABLE memberships (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    kind       TEXT    NOT NULL,
    from_date  DATE    NOT NULL,
    to_date    DATE,
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX memberships_member ON memberships(member_id, from_date);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT    NOT NULL,
    full_name      TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    member_id      INTEGER REFERENCES members(id),
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_username ON users(username);

CREATE TABLE grants (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     TEXT    NOT NULL,
    org_id   INTEGER NOT NULL REFERENCES orgs(id)
);
CREATE UNIQUE INDEX grants_unique ON grants(user_id, role, org_id);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens(token_hash);

CREATE TABLE sessions (
    token   TEXT PRIMARY KEY,
    data    BLOB NOT NULL,
    expiry  TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expiry);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TIMESTAMP NOT NULL,
    user_id    INTEGER,
    username   TEXT    NOT NULL DEFAULT '',
    action     TEXT    NOT NULL,
    entity     TEXT    NOT NULL,
    entity_id  INTEGER NOT NULL DEFAULT 0,
    org_path   TEXT    NOT NULL DEFAULT '',
    summary    TEXT    NOT NULL DEFAULT '',
    changes    TEXT    NOT NULL DEFAULT '[]',
    ip         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_path ON audit_log(org_path, at);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

-- The audit log is append-only: the database itself refuses edits.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
