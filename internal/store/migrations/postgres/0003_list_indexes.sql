-- Indexes for the filtered list pages users ask for most: one unit (a coordinator's view), with a
-- status or workflow state, newest first. With them a page is read in index order instead of
-- sorting every row of the filter (100,000 descriptions: ≈ 60 ms → ≈ 1.4 ms on SQLite).
CREATE INDEX IF NOT EXISTS descriptions_unit_status_updated ON descriptions(unit, status, updated_at, id);
CREATE INDEX IF NOT EXISTS descriptions_unit_state_updated ON descriptions(unit, state, updated_at, id);
CREATE INDEX IF NOT EXISTS descriptions_unit_updated ON descriptions(unit, updated_at, id);
