-- Campaigns, scoring scales, yearly assessments, ratings and discipline
-- (issue 3). Keep in step with ../postgres/0002_assessment.sql.

-- A scale version is a JSON document (package scoring's Scale). Versions of
-- one scale share a family; a version used by a campaign year is frozen.
CREATE TABLE scales (
    id          INTEGER PRIMARY KEY,
    family      TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    subtype     TEXT    NOT NULL DEFAULT '',
    name        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    frozen      INTEGER NOT NULL DEFAULT 0,
    note        TEXT    NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX scales_version ON scales(family, version);

CREATE TABLE campaigns (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL,
    issuer_org_id  INTEGER NOT NULL REFERENCES orgs(id),
    scope_org_id   INTEGER NOT NULL REFERENCES orgs(id),
    from_year      INTEGER NOT NULL,
    to_year        INTEGER NOT NULL,
    quota          INTEGER NOT NULL DEFAULT 2000,
    copied_from    INTEGER REFERENCES campaigns(id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE campaign_documents (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    number       TEXT    NOT NULL,
    doc_date     DATE    NOT NULL,
    title        TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, position)
);

CREATE TABLE campaign_years (
    campaign_id        INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    year               INTEGER NOT NULL,
    self_deadline      DATE,
    review_deadline    DATE,
    approval_deadline  DATE,
    locked             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, year)
);

CREATE TABLE campaign_year_scales (
    campaign_id  INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    subtype      TEXT    NOT NULL DEFAULT '',
    scale_id     INTEGER NOT NULL REFERENCES scales(id),
    PRIMARY KEY (campaign_id, year, kind, subtype),
    FOREIGN KEY (campaign_id, year) REFERENCES campaign_years(campaign_id, year) ON DELETE CASCADE
);

-- One row per participating unit and year. Entries and typed facts are JSON;
-- scores are hundredths; final_* is the reviewed score when there is one.
CREATE TABLE assessments (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
    year            INTEGER NOT NULL,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    org_path        TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    scale_id        INTEGER NOT NULL REFERENCES scales(id),
    status          TEXT    NOT NULL,
    self_entries    TEXT    NOT NULL DEFAULT '{}',
    review_entries  TEXT    NOT NULL DEFAULT '{}',
    facts           TEXT    NOT NULL DEFAULT '{}',
    self_total      INTEGER NOT NULL DEFAULT 0,
    self_class      TEXT    NOT NULL DEFAULT '',
    review_total    INTEGER NOT NULL DEFAULT 0,
    review_class    TEXT    NOT NULL DEFAULT '',
    reviewed        INTEGER NOT NULL DEFAULT 0,
    final_total     INTEGER NOT NULL DEFAULT 0,
    final_class     TEXT    NOT NULL DEFAULT '',
    gap             INTEGER NOT NULL DEFAULT 0,
    explanation     TEXT    NOT NULL DEFAULT '',
    submitted_at    TIMESTAMP,
    late            INTEGER NOT NULL DEFAULT 0,
    reviewed_at     TIMESTAMP,
    approved_at     TIMESTAMP,
    decision        TEXT    NOT NULL DEFAULT '',
    decision_date   DATE,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX assessments_unit ON assessments(campaign_id, year, org_id);
CREATE INDEX assessments_path ON assessments(campaign_id, year, org_path);
CREATE INDEX assessments_rank ON assessments(campaign_id, year, kind, final_total);
CREATE INDEX assessments_gap ON assessments(campaign_id, year, gap);
CREATE INDEX assessments_status ON assessments(campaign_id, year, status, org_path);
CREATE INDEX assessments_org ON assessments(org_id);

CREATE TABLE assessment_events (
    id             INTEGER PRIMARY KEY,
    assessment_id  INTEGER NOT NULL REFERENCES assessments(id),
    action         TEXT    NOT NULL,
    from_status    TEXT    NOT NULL,
    to_status      TEXT    NOT NULL,
    user_id        INTEGER,
    username       TEXT    NOT NULL DEFAULT '',
    at             TIMESTAMP NOT NULL,
    note           TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX assessment_events_assessment ON assessment_events(assessment_id, at);

CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY,
    assessment_id  INTEGER NOT NULL REFERENCES assessments(id),
    item_code      TEXT    NOT NULL,
    filename       TEXT    NOT NULL,
    content_type   TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT    NOT NULL,
    data           BLOB    NOT NULL,
    user_id        INTEGER,
    username       TEXT    NOT NULL DEFAULT '',
    uploaded_at    TIMESTAMP NOT NULL
);
CREATE INDEX evidence_assessment ON evidence(assessment_id, item_code);

-- Counts per organization with children (and its whole subtree), kept
-- current by every assessment write, so that a dashboard of any subtree reads
-- one row per kind. Status counts, late, recognised (with a decision), classes
-- and score buckets (b0 = 0–<10 … b9 = 90–100) count units past the draft.
CREATE TABLE assessment_rollup (
    campaign_id  INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    org_id       INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    units        INTEGER NOT NULL DEFAULT 0,
    draft        INTEGER NOT NULL DEFAULT 0,
    submitted    INTEGER NOT NULL DEFAULT 0,
    reviewed_st  INTEGER NOT NULL DEFAULT 0,
    returned     INTEGER NOT NULL DEFAULT 0,
    approved     INTEGER NOT NULL DEFAULT 0,
    recognised_st INTEGER NOT NULL DEFAULT 0,
    locked       INTEGER NOT NULL DEFAULT 0,
    late         INTEGER NOT NULL DEFAULT 0,
    recognised   INTEGER NOT NULL DEFAULT 0,
    four_good    INTEGER NOT NULL DEFAULT 0,
    good         INTEGER NOT NULL DEFAULT 0,
    fail         INTEGER NOT NULL DEFAULT 0,
    scored       INTEGER NOT NULL DEFAULT 0,
    total_sum    INTEGER NOT NULL DEFAULT 0,
    b0           INTEGER NOT NULL DEFAULT 0,
    b1           INTEGER NOT NULL DEFAULT 0,
    b2           INTEGER NOT NULL DEFAULT 0,
    b3           INTEGER NOT NULL DEFAULT 0,
    b4           INTEGER NOT NULL DEFAULT 0,
    b5           INTEGER NOT NULL DEFAULT 0,
    b6           INTEGER NOT NULL DEFAULT 0,
    b7           INTEGER NOT NULL DEFAULT 0,
    b8           INTEGER NOT NULL DEFAULT 0,
    b9           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, year, org_id, kind)
);

CREATE TABLE org_ratings (
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    year        INTEGER NOT NULL,
    rating      INTEGER NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- A member's rating is filed under the cell the member belonged to when rated.
CREATE TABLE member_ratings (
    member_id   INTEGER NOT NULL REFERENCES members(id),
    year        INTEGER NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    rating      INTEGER NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (member_id, year)
);
CREATE INDEX member_ratings_org ON member_ratings(year, org_id, rating);

CREATE TABLE disciplines (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    level       TEXT    NOT NULL,
    decided_on  DATE    NOT NULL,
    decision    TEXT    NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX disciplines_member ON disciplines(member_id, decided_on);
CREATE INDEX disciplines_org ON disciplines(org_id, decided_on);
