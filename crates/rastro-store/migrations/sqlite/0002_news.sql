-- News: articles taken in by `rastro ingest news` and the incident extracted from each. Every row
-- carries the organisation that owns it; the same article (same URL, or same text) is stored once
-- per organisation.

CREATE TABLE news_articles (
    pk           INTEGER PRIMARY KEY,      -- internal; never leaves the store
    id           TEXT NOT NULL UNIQUE,     -- public id, random
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    sharing      TEXT NOT NULL DEFAULT 'private' CHECK (sharing IN ('private', 'shared')),
    external_id  TEXT NOT NULL,            -- the source's id: file stem or JSON-lines "id"
    url          TEXT,
    url_key      TEXT,                     -- canonical URL: tracking parameters etc. removed
    text_key     TEXT NOT NULL,            -- hash of the folded text
    title        TEXT,
    published    TEXT,
    language     TEXT NOT NULL,
    body         TEXT NOT NULL,
    source_file  TEXT NOT NULL,
    source_line  INTEGER,                  -- 1-based line of a JSON-lines file
    ingested_at  TEXT NOT NULL,
    UNIQUE (org_id, text_key)
);
CREATE UNIQUE INDEX news_articles_by_url ON news_articles(org_id, url_key) WHERE url_key IS NOT NULL;

CREATE TABLE news_incidents (
    pk           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    article_pk   INTEGER NOT NULL UNIQUE REFERENCES news_articles(pk) ON DELETE CASCADE,
    incident     TEXT NOT NULL,            -- the extracted incident as JSON, evidence included
    victims      INTEGER,
    arrests      INTEGER,
    smuggling    INTEGER NOT NULL CHECK (smuggling IN (0, 1)),
    event_date   TEXT
);

-- One row per searchable value of an incident (country, form of exploitation, operation, group).
CREATE TABLE news_incident_facets (
    incident_pk  INTEGER NOT NULL REFERENCES news_incidents(pk) ON DELETE CASCADE,
    facet        TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (incident_pk, facet, value)
) WITHOUT ROWID;
CREATE INDEX news_incident_facets_by_value ON news_incident_facets(facet, value);

-- Full-text search over title and body (external content: the text is stored once).
CREATE VIRTUAL TABLE news_fts USING fts5(
    title, body, content='news_articles', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
);
