-- Stored counters for the urging lists (issue 4). Keep in step with
-- ../sqlite/0008_meeting_rollup.sql.
--
-- meeting_rollup: for an organization and a month (ym = year*100 + month),
-- how many cells of its subtree (itself included) recorded at least one
-- regular meeting that month. Every meeting write keeps the counters of the
-- cell's ancestors; re-parenting moves them. The late list reads a counter
-- per organization instead of probing every cell.
CREATE TABLE meeting_rollup (
    org_id  BIGINT NOT NULL REFERENCES orgs(id),
    ym      BIGINT NOT NULL,
    held    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, ym)
);

-- The counters of the rows already there are counted by the program right after
-- this file runs (store.afterMigration), in one pass over them.

-- The units (cells, chi bộ cơ sở, đảng bộ cơ sở) founded or ended after a
-- day: few next to all units, so the urging lists and the registration
-- shares subtract them from the stored counts instead of testing every unit.
CREATE INDEX orgs_units_from ON orgs(valid_from, path) WHERE kind IN ('base_committee', 'base_cell', 'cell');
CREATE INDEX orgs_units_to ON orgs(valid_to, path) WHERE kind IN ('base_committee', 'base_cell', 'cell') AND valid_to IS NOT NULL;
