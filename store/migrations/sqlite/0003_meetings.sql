-- Monthly cell meetings and their attendance (issue 4). Keep in step with
-- ../postgres/0003_meetings.sql.
--
-- Other code reads these tables for the yearly criterion 2: keep the names
-- and meanings. Points are hundredths; counts are over the counted statuses
-- (after the rule that an excused absence which is a member's 4th or later in
-- a row counts as unexcused); the item points, total and grade are those of
-- the last save or recount.
CREATE TABLE meetings (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES orgs(id),
    kind                TEXT    NOT NULL CHECK (kind IN ('regular', 'thematic')),
    topic               TEXT    NOT NULL DEFAULT '',
    held_on             DATE    NOT NULL,
    place               TEXT    NOT NULL DEFAULT '',
    start_time          TEXT    NOT NULL,
    end_time            TEXT    NOT NULL,
    minutes             INTEGER NOT NULL,
    chair               TEXT    NOT NULL DEFAULT '',
    minute_taker        TEXT    NOT NULL DEFAULT '',
    guests              TEXT    NOT NULL DEFAULT '',
    agenda_review       INTEGER NOT NULL DEFAULT 0,
    agenda_information  INTEGER NOT NULL DEFAULT 0,
    agenda_tasks        INTEGER NOT NULL DEFAULT 0,
    agenda_resolution   INTEGER NOT NULL DEFAULT 0,
    speakers            INTEGER NOT NULL DEFAULT 0,
    praise_criticism    INTEGER NOT NULL DEFAULT 0,
    resolution          TEXT    NOT NULL DEFAULT '',
    roll_size           INTEGER NOT NULL DEFAULT 0,
    present             INTEGER NOT NULL DEFAULT 0,
    excused             INTEGER NOT NULL DEFAULT 0,
    unexcused           INTEGER NOT NULL DEFAULT 0,
    exempt              INTEGER NOT NULL DEFAULT 0,
    p_attendance        INTEGER NOT NULL DEFAULT 0,
    p_preparation       INTEGER NOT NULL DEFAULT 0,
    p_agenda            INTEGER NOT NULL DEFAULT 0,
    p_contributions     INTEGER NOT NULL DEFAULT 0,
    p_duration          INTEGER NOT NULL DEFAULT 0,
    p_minutes           INTEGER NOT NULL DEFAULT 0,
    p_principles        INTEGER NOT NULL DEFAULT 0,
    p_last_resolution   INTEGER NOT NULL DEFAULT 0,
    total               INTEGER NOT NULL DEFAULT 0,
    grade               TEXT    NOT NULL CHECK (grade IN ('good', 'fair', 'average', 'poor')),
    minutes_file        BLOB,
    minutes_filename    TEXT    NOT NULL DEFAULT '',
    minutes_type        TEXT    NOT NULL DEFAULT '',
    minutes_size        INTEGER NOT NULL DEFAULT 0,
    minutes_signed      INTEGER NOT NULL DEFAULT 0,
    created_by          INTEGER,
    created_by_name     TEXT    NOT NULL DEFAULT '',
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX meetings_org ON meetings(org_id, held_on);

CREATE TABLE meeting_attendance (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    status      TEXT    NOT NULL CHECK (status IN ('present', 'excused', 'unexcused', 'exempt')),
    counted     TEXT    NOT NULL CHECK (counted IN ('present', 'excused', 'unexcused', 'exempt')),
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX meeting_attendance_member ON meeting_attendance(member_id, meeting_id);

-- A meeting's roll is the cell's official members that day: read by cell.
CREATE INDEX memberships_org ON memberships(org_id, from_date);
