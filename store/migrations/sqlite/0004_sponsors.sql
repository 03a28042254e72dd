-- Sponsors, visits, recommendations, inspection and supervision (issue 4,
-- DOMAIN.md §7). Keep in step with ../postgres/0004_sponsors.sql.
--
-- Every row that belongs to an organization keeps the organization's
-- materialized path beside its id, so that a subtree is one index range; the
-- trigger at the end keeps those copies current when an organization moves.

-- A department or working group of a committee, put in charge of units.
CREATE TABLE sponsor_groups (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    org_path    TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX sponsor_groups_path ON sponsor_groups(org_path);
CREATE INDEX sponsor_groups_org ON sponsor_groups(org_id);

-- A group in charge of a unit. last_visit_on and next_due_on are kept by
-- every write of visits and assignments, so that "overdue" is an index
-- range, not date arithmetic over every unit.
CREATE TABLE sponsor_assignments (
    id             INTEGER PRIMARY KEY,
    group_id       INTEGER NOT NULL REFERENCES sponsor_groups(id),
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    org_path       TEXT    NOT NULL,
    cadence_days   INTEGER NOT NULL,
    from_on        DATE    NOT NULL,
    to_on          DATE,
    note           TEXT    NOT NULL DEFAULT '',
    last_visit_on  DATE,
    next_due_on    DATE    NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX sponsor_assignments_path ON sponsor_assignments(org_path, next_due_on);
-- The units never visited: few once the work is under way, so a partial
-- index lets a national list skip the visited ones. The late visits of a
-- large subtree are read in date order: the late ones first, whatever their
-- place in the tree (a small subtree reads its own range of the path index).
CREATE INDEX sponsor_assignments_never ON sponsor_assignments(org_path) WHERE last_visit_on IS NULL;
CREATE INDEX sponsor_assignments_due ON sponsor_assignments(next_due_on, org_path);
CREATE INDEX sponsor_assignments_org ON sponsor_assignments(org_id);
CREATE INDEX sponsor_assignments_group ON sponsor_assignments(group_id, org_path);

-- The officers named on an assignment: a user account, or only a name.
CREATE TABLE sponsor_officers (
    assignment_id  INTEGER NOT NULL REFERENCES sponsor_assignments(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    user_id        INTEGER REFERENCES users(id),
    name           TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (assignment_id, position)
);
CREATE INDEX sponsor_officers_user ON sponsor_officers(user_id) WHERE user_id IS NOT NULL;

-- A sponsor's working session with a unit. meeting_id names a meeting
-- record (issue 4 item 3) without a foreign key, so that this table does not
-- depend on the order in which the two were built.
CREATE TABLE visits (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    org_path       TEXT    NOT NULL,
    assignment_id  INTEGER REFERENCES sponsor_assignments(id),
    visited_on     DATE    NOT NULL,
    user_id        INTEGER,
    username       TEXT    NOT NULL DEFAULT '',
    officer        TEXT    NOT NULL DEFAULT '',
    meeting_id     INTEGER,
    strengths      TEXT    NOT NULL DEFAULT '',
    shortcomings   TEXT    NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX visits_org ON visits(org_id, visited_on);
CREATE INDEX visits_path ON visits(org_path, visited_on);

-- Plans of inspection and supervision, their subjects and their findings.
CREATE TABLE inspection_plans (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    org_path    TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    from_on     DATE    NOT NULL,
    to_on       DATE    NOT NULL,
    content     TEXT    NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX inspection_plans_path ON inspection_plans(org_path, from_on);
CREATE INDEX inspection_plans_org ON inspection_plans(org_id);

CREATE TABLE inspection_subjects (
    plan_id   INTEGER NOT NULL REFERENCES inspection_plans(id) ON DELETE CASCADE,
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    org_path  TEXT    NOT NULL,
    PRIMARY KEY (plan_id, org_id)
);
CREATE INDEX inspection_subjects_path ON inspection_subjects(org_path);
CREATE INDEX inspection_subjects_org ON inspection_subjects(org_id);

CREATE TABLE inspection_findings (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES inspection_plans(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    org_path    TEXT    NOT NULL,
    found_on    DATE    NOT NULL,
    findings    TEXT    NOT NULL DEFAULT '',
    conclusion  TEXT    NOT NULL DEFAULT '',
    user_id     INTEGER,
    username    TEXT    NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX inspection_findings_plan ON inspection_findings(plan_id, org_path);
CREATE INDEX inspection_findings_org ON inspection_findings(org_id, found_on);
CREATE INDEX inspection_findings_path ON inspection_findings(org_path, found_on);

-- What a unit is asked to do after a visit or an inspection, followed until
-- resolved. owner_path is the owner's materialized path, kept current.
CREATE TABLE recommendations (
    id            INTEGER PRIMARY KEY,
    source        TEXT    NOT NULL CHECK (source IN ('visit', 'inspection')),
    visit_id      INTEGER REFERENCES visits(id),
    finding_id    INTEGER REFERENCES inspection_findings(id),
    owner_org_id  INTEGER NOT NULL REFERENCES orgs(id),
    owner_path    TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    due_on        DATE    NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved')),
    resolved_on   DATE,
    resolution    TEXT    NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX recommendations_owner_path ON recommendations(owner_path, status, due_on);
-- Not yet resolved, by due date: the late ones of a large subtree first.
CREATE INDEX recommendations_due ON recommendations(due_on, owner_path) WHERE status <> 'resolved';
CREATE INDEX recommendations_owner ON recommendations(owner_org_id, due_on);
CREATE INDEX recommendations_visit ON recommendations(visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX recommendations_finding ON recommendations(finding_id) WHERE finding_id IS NOT NULL;

-- Every change of a recommendation's status, or a note on it (a review at a
-- later visit), with who and when.
CREATE TABLE recommendation_events (
    id                 INTEGER PRIMARY KEY,
    recommendation_id  INTEGER NOT NULL REFERENCES recommendations(id),
    from_status        TEXT    NOT NULL,
    to_status          TEXT    NOT NULL,
    user_id            INTEGER,
    username           TEXT    NOT NULL DEFAULT '',
    at                 TIMESTAMP NOT NULL,
    note               TEXT    NOT NULL DEFAULT '',
    visit_id           INTEGER REFERENCES visits(id)
);
CREATE INDEX recommendation_events_rec ON recommendation_events(recommendation_id, at);

-- An organization that moves (re-parenting rewrites the paths of its whole
-- subtree) carries its sponsor rows along.
CREATE TRIGGER orgs_path_sponsors AFTER UPDATE OF path ON orgs
WHEN NEW.path <> OLD.path
BEGIN
    UPDATE sponsor_groups SET org_path = NEW.path WHERE org_id = NEW.id;
    UPDATE sponsor_assignments SET org_path = NEW.path WHERE org_id = NEW.id;
    UPDATE visits SET org_path = NEW.path WHERE org_id = NEW.id;
    UPDATE inspection_plans SET org_path = NEW.path WHERE org_id = NEW.id;
    UPDATE inspection_subjects SET org_path = NEW.path WHERE org_id = NEW.id;
    UPDATE inspection_findings SET org_path = NEW.path WHERE org_id = NEW.id;
    UPDATE recommendations SET owner_path = NEW.path WHERE owner_org_id = NEW.id;
END;
