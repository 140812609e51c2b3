-- 0001: the initial schema of the internal register (PostgreSQL).

CREATE TABLE units (
	id   BIGSERIAL PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	email         TEXT NOT NULL,
	email_key     TEXT NOT NULL UNIQUE, -- lower(email): e-mail addresses are unique regardless of case
	name          TEXT NOT NULL,
	role          TEXT NOT NULL,
	all_units     BOOLEAN NOT NULL DEFAULT FALSE,
	clearance     TEXT NOT NULL,
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      BOOLEAN NOT NULL DEFAULT FALSE,
	created_at    TIMESTAMPTZ
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
	created_at TIMESTAMPTZ,
	expires_at TIMESTAMPTZ
);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE sessions (
	hash       TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at TIMESTAMPTZ,
	last_seen  TIMESTAMPTZ,
	expires_at TIMESTAMPTZ
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
	id  BIGSERIAL PRIMARY KEY,
	key TEXT NOT NULL,
	at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures(key, at);

-- change_seq comes from this sequence, taken under the store's write lock so that sequence
-- order is commit order and the change feed never skips a slow transaction.
CREATE SEQUENCE description_change_seq;

CREATE TABLE descriptions (
	id                   TEXT PRIMARY KEY,
	unit                 TEXT NOT NULL REFERENCES units(code),
	level_rank           INTEGER NOT NULL,
	state                TEXT NOT NULL,
	status               TEXT NOT NULL DEFAULT '',
	publication_category TEXT NOT NULL DEFAULT '',
	name                 TEXT NOT NULL,
	name_key             TEXT COLLATE "C" NOT NULL, -- lower(name), compared bytewise like SQLite
	revision             INTEGER NOT NULL,
	updated_at           TIMESTAMPTZ NOT NULL,
	change_seq           BIGINT NOT NULL UNIQUE,
	doc                  JSONB NOT NULL -- the whole description (v1.0 fields and internal ones)
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
	saved_at       TIMESTAMPTZ NOT NULL,
	saved_by       TEXT NOT NULL,
	snapshot       JSONB NOT NULL,
	PRIMARY KEY (description_id, revision)
);

CREATE TABLE transitions (
	id             BIGSERIAL PRIMARY KEY,
	description_id TEXT NOT NULL REFERENCES descriptions(id),
	revision       INTEGER NOT NULL,
	action         TEXT NOT NULL,
	from_state     TEXT NOT NULL,
	to_state       TEXT NOT NULL,
	comment        TEXT NOT NULL,
	by_user        TEXT NOT NULL,
	at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX transitions_description ON transitions(description_id, id);

CREATE TABLE classifications (
	description_id TEXT PRIMARY KEY REFERENCES descriptions(id),
	doc            JSONB NOT NULL,
	at             TIMESTAMPTZ NOT NULL
);

CREATE TABLE assessments (
	description_id TEXT PRIMARY KEY REFERENCES descriptions(id),
	doc            JSONB NOT NULL,
	at             TIMESTAMPTZ NOT NULL
);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE audit (
	seq       BIGINT PRIMARY KEY,
	at        TIMESTAMPTZ NOT NULL,
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
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
