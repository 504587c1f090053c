-- Persons and case files: identity (sealed), the blind indexes that find
-- it, case files and their lifecycle, the aid pathway, the legal track,
-- the time line, tasks, note search tokens, and saved preferences.

-- A person the centre helps.  identity and safe_contact are sealed JSON
-- documents (crypto/field.h); the columns in clear are what statistics
-- need.  A merged person keeps its row and points at the survivor.
CREATE TABLE person (
	id		@ID@,
	pseudonym	TEXT NOT NULL UNIQUE,
	sex		TEXT NOT NULL,
	birth_year	INTEGER,
	minor		INTEGER NOT NULL,
	citizenship	TEXT,
	languages	TEXT NOT NULL,
	identity	@BLOB@,
	safe_contact	@BLOB@,
	merged_into	BIGINT REFERENCES person (id),
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);

-- One row per identity value: value is the normalised key, sealed
-- (cases/identity.h), bidx its blind index in the "identity" domain.
CREATE TABLE person_bidx (
	id		@ID@,
	person_id	BIGINT NOT NULL REFERENCES person (id),
	kind		TEXT NOT NULL,
	value		@BLOB@ NOT NULL,
	bidx		@BLOB@ NOT NULL
);
CREATE INDEX person_bidx_bidx ON person_bidx (bidx);
CREATE INDEX person_bidx_person ON person_bidx (person_id);

-- The next case number of a year.
CREATE TABLE case_counter (
	year		INTEGER PRIMARY KEY,
	last		INTEGER NOT NULL
);

-- A case file.  forms is a bit set over the exploitation codes; the
-- countries are comma-separated ISO codes; notes live in case_event.
CREATE TABLE case_file (
	id		@ID@,
	year		INTEGER NOT NULL,
	number		INTEGER NOT NULL,
	person_id	BIGINT NOT NULL REFERENCES person (id),
	status		TEXT NOT NULL,
	status_before_close TEXT,
	close_reason	TEXT,
	forms		INTEGER NOT NULL,
	origin		TEXT NOT NULL,
	transit		TEXT NOT NULL,
	exploitation	TEXT NOT NULL,
	urgent		INTEGER NOT NULL,
	key_consultant_id BIGINT REFERENCES app_user (id),
	sealed		INTEGER NOT NULL,
	opened_at	BIGINT NOT NULL,
	closed_at	BIGINT,
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL,
	UNIQUE (year, number)
);
CREATE INDEX case_file_person ON case_file (person_id);
CREATE INDEX case_file_opened ON case_file (opened_at, id);
CREATE INDEX case_file_status ON case_file (status, opened_at);
CREATE INDEX case_file_key ON case_file (key_consultant_id, opened_at);

-- Who may see a sealed case besides its key consultant.
CREATE TABLE case_access (
	case_id		BIGINT NOT NULL REFERENCES case_file (id),
	user_id		BIGINT NOT NULL REFERENCES app_user (id),
	PRIMARY KEY (case_id, user_id)
);

-- The aid pathway: one row per item assessed; notes sealed.
CREATE TABLE pathway_item (
	id		@ID@,
	case_id		BIGINT NOT NULL REFERENCES case_file (id),
	item		TEXT NOT NULL,
	status		TEXT,
	decision	TEXT,
	decided_on	TEXT,
	informed	INTEGER,
	notes		@BLOB@,
	updated_by	BIGINT NOT NULL REFERENCES app_user (id),
	updated_at	BIGINT NOT NULL,
	UNIQUE (case_id, item)
);

-- The legal track: one sealed JSON document per case and kind.
CREATE TABLE legal_item (
	id		@ID@,
	case_id		BIGINT NOT NULL REFERENCES case_file (id),
	kind		TEXT NOT NULL,
	doc		@BLOB@,
	updated_by	BIGINT NOT NULL REFERENCES app_user (id),
	updated_at	BIGINT NOT NULL,
	UNIQUE (case_id, kind)
);

-- The time line of a case: what happened, when, by whom; text sealed.
CREATE TABLE case_event (
	id		@ID@,
	case_id		BIGINT NOT NULL REFERENCES case_file (id),
	at		BIGINT NOT NULL,
	user_id		BIGINT REFERENCES app_user (id),
	kind		TEXT NOT NULL,
	contact_id	BIGINT,
	text		@BLOB@
);
CREATE INDEX case_event_case ON case_event (case_id, at);

-- Words of notes for the note search: a keyed hash cut to a few bytes,
-- so that one token stands for many words (docs/SECURITY.md).
CREATE TABLE note_token (
	token		INTEGER NOT NULL,
	event_id	BIGINT NOT NULL REFERENCES case_event (id),
	PRIMARY KEY (token, event_id)
);

-- Tasks; a deadline task is known by (case_id, source) and moved, not
-- duplicated, when its date changes; event_on is the date it warns of.
CREATE TABLE task (
	id		@ID@,
	case_id		BIGINT REFERENCES case_file (id),
	person_id	BIGINT REFERENCES person (id),
	contact_id	BIGINT REFERENCES contact (id),
	kind		TEXT NOT NULL,
	source		TEXT,
	title		@BLOB@ NOT NULL,
	event_on	TEXT,
	due_on		TEXT NOT NULL,
	assignee_id	BIGINT NOT NULL REFERENCES app_user (id),
	done_at		BIGINT,
	done_by		BIGINT REFERENCES app_user (id),
	created_by	BIGINT REFERENCES app_user (id),
	created_at	BIGINT NOT NULL
);
CREATE INDEX task_assignee ON task (assignee_id, done_at, due_on);
CREATE INDEX task_case ON task (case_id, done_at, due_on);

-- A user's saved choices (the register's columns), by key.
CREATE TABLE user_pref (
	user_id		BIGINT NOT NULL REFERENCES app_user (id),
	key		TEXT NOT NULL,
	value		TEXT NOT NULL,
	PRIMARY KEY (user_id, key)
);

CREATE INDEX contact_person ON contact (person_id);
CREATE INDEX contact_case ON contact (case_id);
