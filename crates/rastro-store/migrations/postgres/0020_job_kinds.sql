-- Every long job kind runs on the queue (as SQLite's 0020): news ingestion, an extraction
-- backlog, linkage and event runs and statistics releases beside case imports.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
    CHECK (kind IN ('import_cases', 'ingest_news', 'extract_news', 'link_persons',
                    'link_events', 'release'));
