-- Telephony (src/telephony/): the centre's lines, where calls go, the
-- consultants' phone extensions, and every call the SIP server reported.

-- A contact logged by the SIP server is a draft until a consultant
-- completes it; drafts are not counted in the statistics' rollups.  line:
-- the centre's number the call came in on (E.164), NULL for other contacts.
ALTER TABLE contact ADD COLUMN draft INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact ADD COLUMN line TEXT;
CREATE INDEX contact_draft ON contact (draft, started_at, id);

-- The centre's numbers that Haven routes, and the channel each stands for.
CREATE TABLE telephony_line (
	number		TEXT PRIMARY KEY,
	channel		TEXT NOT NULL
);

-- One row (id 1): the on-call mobile and the fallback for a rota gap
-- (an E.164 number or a sip: URI; NULL: none).
CREATE TABLE telephony_config (
	id		INTEGER PRIMARY KEY,
	oncall_number	TEXT,
	fallback	TEXT,
	version		INTEGER NOT NULL,
	updated_by	BIGINT REFERENCES app_user (id),
	updated_at	BIGINT NOT NULL
);

-- A consultant's or coordinator's phone extension (the SIP user).
CREATE TABLE sip_extension (
	user_id		BIGINT PRIMARY KEY REFERENCES app_user (id),
	extension	TEXT NOT NULL UNIQUE
);

-- Every call the SIP server reported.  The caller's number is sealed, with
-- a blind index for the look-up; call_id is the SIP Call-ID as sent.
CREATE TABLE call_log (
	id		@ID@,
	call_id		TEXT NOT NULL UNIQUE,
	line		TEXT NOT NULL,
	caller_number	@BLOB@,
	caller_bidx	@BLOB@,
	target		TEXT NOT NULL,
	state		TEXT NOT NULL,
	out_of_hours	INTEGER NOT NULL,
	started_at_ms	BIGINT NOT NULL,
	answered_at_ms	BIGINT,
	ended_at_ms	BIGINT,
	answered_by	BIGINT REFERENCES app_user (id),
	extension	TEXT,
	missed_reason	TEXT,
	contact_id	BIGINT REFERENCES contact (id),
	task_id		BIGINT REFERENCES task (id)
);
CREATE INDEX call_log_started ON call_log (started_at_ms);
