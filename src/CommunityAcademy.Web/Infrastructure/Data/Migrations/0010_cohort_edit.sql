-- Classes edited in the pages (#13 point 2): an archived class is hidden from the default lists and read-only, but
-- still counted in statistics.
ALTER TABLE cohorts ADD COLUMN archived_at {{instant}};
ALTER TABLE cohorts ADD COLUMN archived_by BIGINT REFERENCES users(id);
-- the class a class was copied from (for the record; nothing depends on it)
ALTER TABLE cohorts ADD COLUMN copied_from BIGINT REFERENCES cohorts(id) ON DELETE SET NULL;
