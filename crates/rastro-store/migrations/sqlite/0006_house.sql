-- Imports carry a status, so that an import which failed midway is marked as such and running it
-- again completes it; and a view of the news index's vocabulary, so that search ranks with the
-- statistics of the articles the reader may see rather than of every organisation's.

ALTER TABLE imports ADD COLUMN status TEXT NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'finished', 'interrupted'));
ALTER TABLE imports ADD COLUMN error TEXT;
UPDATE imports SET status = CASE WHEN finished_at IS NULL THEN 'interrupted' ELSE 'finished' END;
CREATE INDEX imports_unfinished ON imports(org_id, source_file) WHERE status <> 'finished';

-- One row per occurrence of a term in an article (term, doc = article pk, col, offset).
CREATE VIRTUAL TABLE news_fts_instance USING fts5vocab(news_fts, instance);
