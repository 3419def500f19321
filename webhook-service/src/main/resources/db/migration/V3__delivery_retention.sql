-- Housekeeping deletes finished deliveries past their retention a batch a second. Rows are appended in creation
-- order, so a block-range index finds the old ones at almost no cost per insert (a btree would add a write per row).
CREATE INDEX delivery_created_brin ON delivery USING brin (created_on);
-- Room in each page for the lease update (no indexed column changes), so it can stay on the page (HOT) instead of
-- writing an entry into every index.
ALTER TABLE delivery SET (fillfactor = 70);
