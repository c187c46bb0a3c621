-- A new case's public id is a number of the store's own (drawn in blocks from
-- `case_id_numbers`) encrypted under the store's case-id key (`ids::case_id`), and the case is
-- found from its id through that number. The number's index entries are written in the order
-- the numbers are drawn, a page for many cases; a random id's entry cost a page write per case
-- wherever it fell, a third of an import's writing.
--
-- The column that held the id, with its unique index, becomes `id_lookup`: for a case stored
-- before, its (random) id still; for a case stored since, its number in decimal. SQLite cannot
-- drop the column's constraints without rebuilding the table, and need not: both kinds of value
-- are unique and never equal each other (an id has 26 characters, a number fewer than 20).
ALTER TABLE cases RENAME COLUMN id TO id_lookup;
ALTER TABLE cases ADD COLUMN id TEXT NOT NULL DEFAULT '';
UPDATE cases SET id = id_lookup;

-- The next number not yet drawn; no row until the first is drawn (a copied store brings its own).
CREATE TABLE case_id_numbers (
    one   INTEGER PRIMARY KEY CHECK (one = 1),
    next  INTEGER NOT NULL
);
