-- The security core: second factor, recovery codes, login throttling, the
-- tamper-evident audit log.

-- TOTP secrets are sealed with the field helpers (crypto/field.h) under
-- (app_user, totp_secret|totp_pending, id).
ALTER TABLE app_user ADD COLUMN totp_secret @BLOB@;
ALTER TABLE app_user ADD COLUMN totp_pending @BLOB@;
-- The last time step accepted, so that a code is never accepted twice.
ALTER TABLE app_user ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN language TEXT NOT NULL DEFAULT 'pl'
    CHECK (language IN ('pl', 'en'));
ALTER TABLE app_user ADD COLUMN last_login_at BIGINT;

-- A session passes the second factor once; until then it may only finish
-- logging in.
ALTER TABLE session ADD COLUMN mfa_ok INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session ADD COLUMN client TEXT NOT NULL DEFAULT '';

-- One-time recovery codes: 80 random bits each, stored as BLAKE2b hashes.
CREATE TABLE recovery_code (
	id		@ID@,
	user_id		BIGINT NOT NULL REFERENCES app_user (id),
	code_hash	@BLOB@ NOT NULL UNIQUE,
	created_at	BIGINT NOT NULL,
	used_at		BIGINT
);
CREATE INDEX recovery_code_user ON recovery_code (user_id);

-- Failed logins per account name and per client address, both hashed:
-- the table tells neither who tried nor from where.
CREATE TABLE login_throttle (
	key_hash	@BLOB@ PRIMARY KEY,
	failures	INTEGER NOT NULL,
	last_failure	BIGINT NOT NULL,
	blocked_until	BIGINT NOT NULL
);

-- The audit log: append-only and hash-chained.  seq counts entries from 1
-- without gaps; hash = BLAKE2b(prev_hash, the entry's fields).  Never holds
-- personal data: ids, actions, route names, results.
CREATE TABLE audit_log (
	id		@ID@,
	seq		BIGINT NOT NULL UNIQUE,
	at		BIGINT NOT NULL,
	user_id		BIGINT,
	action		TEXT NOT NULL,
	object_type	TEXT,
	object_id	BIGINT,
	result		TEXT NOT NULL,
	detail		TEXT,
	prev_hash	@BLOB@ NOT NULL,
	hash		@BLOB@ NOT NULL
);
CREATE INDEX audit_log_user_at ON audit_log (user_id, at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_at ON audit_log (at);

-- The head of the chain, one row: appends serialise on it.
CREATE TABLE audit_head (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	seq		BIGINT NOT NULL,
	hash		@BLOB@ NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, @ZERO32@);

-- Checkpoints (count and head hash), recorded every so many entries; the
-- same lines can be exported and kept off the machine.
CREATE TABLE audit_checkpoint (
	seq		BIGINT PRIMARY KEY,
	hash		@BLOB@ NOT NULL,
	at		BIGINT NOT NULL
);
