-- Stored counters of the registrations of emulation targets and of the
-- launch and deployment of campaigns (issue 4).
-- Keep in step with ../postgres/0010_movement_rollup.sql.
--
-- registration_rollup: for a campaign year and an organization, the
-- registrations of the units of its subtree (itself included) by status.
-- Creating a registration and every change of its status add their
-- difference to the rows of the unit and its ancestors; re-parenting moves
-- them. The shares read a row per organization instead of probing every unit.
CREATE TABLE registration_rollup (
    campaign_id   INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    draft         INTEGER NOT NULL DEFAULT 0,
    sent          INTEGER NOT NULL DEFAULT 0,
    acknowledged  INTEGER NOT NULL DEFAULT 0,
    returned      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, year, org_id),
    FOREIGN KEY (campaign_id, year) REFERENCES campaign_years(campaign_id, year) ON DELETE CASCADE
);

-- The counters of the rows already there are counted by the program right after
-- this file runs (store.afterMigration), in one pass over them.

-- deployment_rollup: for a campaign and an organization, the grassroots
-- organizations of its subtree that recorded a launch, a dissemination, a
-- deployment, and both a launch and a deployment. Kept by every deployment
-- write and moved on re-parenting, like registration_rollup.
CREATE TABLE deployment_rollup (
    campaign_id   INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    launched      INTEGER NOT NULL DEFAULT 0,
    disseminated  INTEGER NOT NULL DEFAULT 0,
    deployed      INTEGER NOT NULL DEFAULT 0,
    complete      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, org_id)
);

-- The grassroots organizations (đảng bộ cơ sở, chi bộ cơ sở) of a subtree
-- that exist on a day, counted per child from the index alone (the other
-- cells come from the stored cell counts).
CREATE INDEX orgs_grassroots ON orgs(path, kind, valid_from, valid_to) WHERE kind IN ('base_committee', 'base_cell');
