-- Good practices (cách làm hay) recorded by units, for the interim and final
-- reviews (issue 4). Keep in step with ../postgres/0006_practices.sql.
CREATE TABLE good_practices (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    year         INTEGER NOT NULL,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    org_path     TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    username     TEXT    NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX good_practices_path ON good_practices(campaign_id, org_path, year);
