-- The foundation: users, their sessions, and settings.
-- @ID@ and @BLOB@ are filled in per dialect by the driver (db_translate).

CREATE TABLE app_user (
	id		@ID@,
	username	TEXT NOT NULL UNIQUE,
	role		TEXT NOT NULL CHECK (role IN ('admin', 'coordinator',
			    'consultant', 'shelter_staff', 'auditor')),
	pw_hash		TEXT NOT NULL,
	must_change_pw	INTEGER NOT NULL DEFAULT 0,
	disabled	INTEGER NOT NULL DEFAULT 0,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);

-- Only a hash of the session token is stored, so a copy of the database
-- does not let anyone take over a session.
CREATE TABLE session (
	id		@ID@,
	token_hash	@BLOB@ NOT NULL UNIQUE,
	user_id		BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	last_seen	BIGINT NOT NULL,
	expires_at	BIGINT NOT NULL,
	revoked_at	BIGINT
);
CREATE INDEX session_by_user ON session (user_id);

CREATE TABLE setting (
	name		TEXT PRIMARY KEY,
	value		TEXT NOT NULL,
	updated_at	BIGINT NOT NULL
);
