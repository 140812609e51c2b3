-- 0001: the initial schema of the internal register (SQLite).
-- Timestamps are TEXT in one fixed UTC format with microseconds (2006-01-02T15:04:05.000000Z),
-- so they sort as text and round-trip exactly like PostgreSQL's timestamptz.

CREATE TABLE units (
	id   INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	email         TEXT NOT NULL,
	email_key     TEXT NOT NULL UNIQUE, -- lower(email): e-mail addresses are unique regardless of case
	name          TEXT NOT NULL,
	role          TEXT NOT NULL,
	all_units     INTEGER NOT NULL DEFAULT 0,
	clearance     TEXT NOT NULL,
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT
);

CREATE TABLE user_units (
	user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	unit     TEXT NOT NULL REFERENCES units(code),
	position INTEGER NOT NULL,
	PRIMARY KEY (user_id, unit)
);

CREATE TABLE tokens (
	hash       TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at TEXT,
	expires_at TEXT
);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE sessions (
	hash       TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at TEXT,
	last_seen  TEXT,
	expires_at TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
	id  INTEGER PRIMARY KEY,
	key TEXT NOT NULL,
	at  TEXT NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures(key, at);

CREATE TABLE descriptions (
	id                   TEXT PRIMARY KEY,
	unit                 TEXT NOT NULL REFERENCES units(code),
	level_rank           INTEGER NOT NULL,
	state                TEXT NOT NULL,
	status               TEXT NOT NULL DEFAULT '',
	publication_category TEXT NOT NULL DEFAULT '',
	name                 TEXT NOT NULL,
	name_key             TEXT NOT NULL, -- lower(name), compared bytewise in both databases
	revision             INTEGER NOT NULL,
	updated_at           TEXT NOT NULL,
	change_seq           INTEGER NOT NULL UNIQUE,
	doc                  TEXT NOT NULL  -- the whole description (v1.0 fields and internal ones) as JSON
);
-- Lists filter on the scope (unit IN …, level_rank <= …) and on state, status and category,
-- sort by update time, name or unit, and count. Each index below holds every column a list
-- uses, so a page is chosen and counted from one index alone and only the page's own rows are
-- read from the table, whose rows are wide (they carry the whole document). One index per
-- leading filter, so an equality on any filter narrows the scan; two in sort order, so an
-- unfiltered page stops after its rows. Measured with BenchmarkStore on 100,000 rows.
CREATE INDEX descriptions_scope ON descriptions(unit, level_rank, state, status, publication_category, updated_at, name_key, id);
CREATE INDEX descriptions_state ON descriptions(state, level_rank, unit, status, publication_category, updated_at, name_key, id);
CREATE INDEX descriptions_status ON descriptions(status, publication_category, level_rank, unit, state, updated_at, name_key, id);
CREATE INDEX descriptions_category ON descriptions(publication_category, level_rank, unit, state, status, updated_at, name_key, id);
CREATE INDEX descriptions_updated ON descriptions(updated_at, id, unit, level_rank, state, status, publication_category);
CREATE INDEX descriptions_name ON descriptions(name_key, id, unit, level_rank, state, status, publication_category);

CREATE TABLE revisions (
	description_id TEXT NOT NULL REFERENCES descriptions(id),
	revision       INTEGER NOT NULL,
	saved_at       TEXT NOT NULL,
	saved_by       TEXT NOT NULL,
	snapshot       TEXT NOT NULL,
	PRIMARY KEY (description_id, revision)
);

CREATE TABLE transitions (
	id             INTEGER PRIMARY KEY,
	description_id TEXT NOT NULL REFERENCES descriptions(id),
	revision       INTEGER NOT NULL,
	action         TEXT NOT NULL,
	from_state     TEXT NOT NULL,
	to_state       TEXT NOT NULL,
	comment        TEXT NOT NULL,
	by_user        TEXT NOT NULL,
	at             TEXT NOT NULL
);
CREATE INDEX transitions_description ON transitions(description_id, id);

CREATE TABLE classifications (
	description_id TEXT PRIMARY KEY REFERENCES descriptions(id),
	doc            TEXT NOT NULL,
	at             TEXT NOT NULL
);

CREATE TABLE assessments (
	description_id TEXT PRIMARY KEY REFERENCES descriptions(id),
	doc            TEXT NOT NULL,
	at             TEXT NOT NULL
);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE audit (
	seq       INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	object    TEXT NOT NULL,
	revision  INTEGER NOT NULL,
	result    TEXT NOT NULL,
	origin    TEXT NOT NULL,
	detail    TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);

-- The audit trail is append-only, enforced by the database itself.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;
