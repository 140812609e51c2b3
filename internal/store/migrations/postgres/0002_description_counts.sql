-- 0002: how many descriptions there are per combination of the list filters. Kept up to date
-- by every description write (which already holds the write lock), so a list's total is a sum
-- over a few hundred rows instead of a count over every description. Rebuilt by Optimize.
CREATE TABLE description_counts (
	unit                 TEXT NOT NULL,
	level_rank           INTEGER NOT NULL,
	state                TEXT NOT NULL,
	status               TEXT NOT NULL,
	publication_category TEXT NOT NULL,
	n                    BIGINT NOT NULL,
	PRIMARY KEY (unit, level_rank, state, status, publication_category)
);
INSERT INTO description_counts (unit, level_rank, state, status, publication_category, n)
	SELECT unit, level_rank, state, status, publication_category, COUNT(*) FROM descriptions
	GROUP BY unit, level_rank, state, status, publication_category;
