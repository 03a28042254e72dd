-- A word index of the organizations' search keys (issue 2's open figure:
-- organization search from the national root). Keep in step with
-- ../sqlite/0011_org_words.sql.
--
-- org_words: each distinct word of an organization's search key (its name,
-- short name, code and parent's name, folded: no accents, lower case). The
-- program keeps it with the key (create, rename, re-parent, bulk load) and
-- fills it for the organizations already there right after this file runs.
-- A search drives from the rarest word of the query instead of scanning
-- every organization of the subtree.
CREATE TABLE org_words (
    word    TEXT COLLATE "C" NOT NULL,
    org_id  BIGINT NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (word, org_id)
);
CREATE INDEX org_words_org ON org_words(org_id);
