-- A new case's public id is a number of the store's own encrypted under the store's case-id key,
-- and the case is found through that number (see SQLite's 0026): the unique index on the owner
-- and the old id (the Citus rule: the owner in every unique constraint) and the index on the id
-- alone now hold `id_lookup` — a case's random id when it was stored before, its number in
-- decimal since — whose new entries are written in the order the numbers are drawn.
ALTER TABLE cases RENAME COLUMN id TO id_lookup;
ALTER TABLE cases ADD COLUMN id TEXT COLLATE "C";
UPDATE cases SET id = id_lookup;
ALTER TABLE cases ALTER COLUMN id SET NOT NULL;

-- The next number not yet drawn; no row until the first is drawn (a copied store brings its own).
CREATE TABLE case_id_numbers (
    one   INT PRIMARY KEY CHECK (one = 1),
    next  BIGINT NOT NULL
);
