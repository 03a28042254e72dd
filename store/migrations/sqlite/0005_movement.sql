-- Launch, deployment and registration of emulation targets (issue 4, items
-- 1 and 2). Keep in step with ../postgres/0005_movement.sql.

-- One record per campaign and organization, corrected in place: the launch
-- (lễ phát động), the dissemination (quán triệt) and the deployment (triển khai).
CREATE TABLE deployments (
    id               INTEGER PRIMARY KEY,
    campaign_id      INTEGER NOT NULL REFERENCES campaigns(id),
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    launched_on      DATE,
    participants     INTEGER NOT NULL DEFAULT 0,
    launch_document  TEXT    NOT NULL DEFAULT '',
    disseminated_on  DATE,
    deployed_on      DATE,
    note             TEXT    NOT NULL DEFAULT '',
    user_id          INTEGER,
    username         TEXT    NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX deployments_unit ON deployments(campaign_id, org_id);

-- One registration per campaign, year and participating unit. org_path is
-- the unit's path, moved with it when it is re-parented (moveRegistrations).
-- return_note is the level above's latest reason for returning it.
CREATE TABLE registrations (
    id               INTEGER PRIMARY KEY,
    campaign_id      INTEGER NOT NULL REFERENCES campaigns(id),
    year             INTEGER NOT NULL,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    org_path         TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    signed_on        DATE,
    return_note      TEXT    NOT NULL DEFAULT '',
    sent_at          TIMESTAMP,
    acknowledged_at  TIMESTAMP,
    acknowledged_by  TEXT    NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX registrations_unit ON registrations(campaign_id, year, org_id);
CREATE INDEX registrations_path ON registrations(campaign_id, year, org_path);
CREATE INDEX registrations_org ON registrations(org_id);

-- Targets of a registration. planned and achieved are hundredths of the
-- unit of measure (2 đảng viên = 200, 80% = 8000); achieved is NULL until
-- recorded. met is the unit's own verdict for a target that is not
-- countable (NULL until recorded); for a countable one it is kept equal to
-- achieved >= planned.
CREATE TABLE registration_targets (
    id               INTEGER PRIMARY KEY,
    registration_id  INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    criterion        INTEGER NOT NULL CHECK (criterion BETWEEN 1 AND 4),
    text             TEXT    NOT NULL,
    countable        INTEGER NOT NULL DEFAULT 0,
    planned          INTEGER NOT NULL DEFAULT 0,
    unit             TEXT    NOT NULL DEFAULT '',
    achieved         INTEGER,
    met              INTEGER,
    result_note      TEXT    NOT NULL DEFAULT '',
    position         INTEGER NOT NULL
);
CREATE INDEX registration_targets_registration ON registration_targets(registration_id, position);

CREATE TABLE registration_events (
    id               INTEGER PRIMARY KEY,
    registration_id  INTEGER NOT NULL REFERENCES registrations(id),
    action           TEXT    NOT NULL,
    from_status      TEXT    NOT NULL,
    to_status        TEXT    NOT NULL,
    user_id          INTEGER,
    username         TEXT    NOT NULL DEFAULT '',
    at               TIMESTAMP NOT NULL,
    note             TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX registration_events_registration ON registration_events(registration_id, at);

-- The signed registration (at most one file; a new upload replaces it).
CREATE TABLE registration_documents (
    registration_id  INTEGER PRIMARY KEY REFERENCES registrations(id),
    filename         TEXT    NOT NULL,
    content_type     TEXT    NOT NULL,
    size             INTEGER NOT NULL,
    sha256           TEXT    NOT NULL,
    data             BLOB    NOT NULL,
    user_id          INTEGER,
    username         TEXT    NOT NULL DEFAULT '',
    uploaded_at      TIMESTAMP NOT NULL
);

-- A registration's org_path follows its unit whenever the unit's path is
-- rewritten (re-parenting moves a whole subtree in one UPDATE of orgs).
CREATE TRIGGER registrations_follow_org AFTER UPDATE OF path ON orgs
WHEN NEW.path <> OLD.path
BEGIN UPDATE registrations SET org_path = NEW.path WHERE org_id = NEW.id; END;
