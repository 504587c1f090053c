-- The hotline: the service calendar, the on-call rota, contacts, their
-- corrections, the follow-up queue and the morning hand-over.

-- Office hours per weekday (0 Monday .. 6 Sunday), minutes after local
-- midnight in Europe/Warsaw; open >= close: closed that day.
CREATE TABLE office_hours (
	weekday		INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6),
	open_minute	INTEGER NOT NULL CHECK (open_minute BETWEEN 0 AND 1440),
	close_minute	INTEGER NOT NULL CHECK (close_minute BETWEEN 0 AND 1440)
);
INSERT INTO office_hours (weekday, open_minute, close_minute) VALUES
	(0, 540, 1020), (1, 540, 1020), (2, 540, 1020), (3, 540, 1020),
	(4, 540, 1020), (5, 0, 0), (6, 0, 0);

-- Extra days the office is closed, besides public holidays (YYYYMMDD).
CREATE TABLE closure_day (
	day		INTEGER PRIMARY KEY,
	note		TEXT NOT NULL,
	created_by	BIGINT REFERENCES app_user (id),
	created_at	BIGINT NOT NULL
);

-- Who holds the on-call mobile when.
CREATE TABLE oncall_shift (
	id		@ID@,
	user_id		BIGINT NOT NULL REFERENCES app_user (id),
	starts_at	BIGINT NOT NULL,
	ends_at		BIGINT NOT NULL,
	created_by	BIGINT REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX oncall_shift_time ON oncall_shift (ends_at, starts_at);

-- A contact with the centre.  Codes are those of src/hotline/enums.c;
-- topics is a bit set over the topic codes.  summary, urgency_reason,
-- caller_number and handover_note are sealed (crypto/field.h);
-- caller_bidx is the blind index of the normalised caller number.
CREATE TABLE contact (
	id		@ID@,
	started_at	BIGINT NOT NULL,
	duration_s	INTEGER NOT NULL,
	channel		TEXT NOT NULL,
	direction	TEXT NOT NULL,
	country		TEXT,
	language	TEXT,
	interpreter	INTEGER NOT NULL,
	inquirer	TEXT NOT NULL,
	topics		INTEGER NOT NULL,
	urgency		TEXT NOT NULL,
	urgency_reason	@BLOB@,
	outcome		TEXT NOT NULL,
	summary		@BLOB@,
	caller_number	@BLOB@,
	caller_bidx	@BLOB@,
	consultant_id	BIGINT NOT NULL REFERENCES app_user (id),
	out_of_hours	INTEGER NOT NULL,
	handover_note	@BLOB@,
	followup	INTEGER NOT NULL,
	followup_done_by BIGINT REFERENCES app_user (id),
	followup_done_at BIGINT,
	person_id	BIGINT,
	case_id		BIGINT,
	organisation_id	BIGINT,
	version		INTEGER NOT NULL,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
-- Keyset pages newest first, alone or by one filter.
CREATE INDEX contact_time ON contact (started_at, id);
CREATE INDEX contact_consultant ON contact (consultant_id, started_at, id);
CREATE INDEX contact_inquirer ON contact (inquirer, started_at, id);
CREATE INDEX contact_urgency ON contact (urgency, started_at, id);
CREATE INDEX contact_channel ON contact (channel, started_at, id);
CREATE INDEX contact_ooh ON contact (out_of_hours, started_at, id);
CREATE INDEX contact_caller ON contact (caller_bidx);
CREATE INDEX contact_followup ON contact (followup, followup_done_at,
    started_at);

-- The values a correction replaced, sealed as one JSON document.
CREATE TABLE contact_revision (
	id		@ID@,
	contact_id	BIGINT NOT NULL REFERENCES contact (id),
	version		INTEGER NOT NULL,
	changed_by	BIGINT NOT NULL REFERENCES app_user (id),
	changed_at	BIGINT NOT NULL,
	old_values	@BLOB@ NOT NULL
);
CREATE INDEX contact_revision_contact ON contact_revision (contact_id);

-- The morning team's acknowledgement of an out-of-hours period's contacts:
-- the period is the one that ended when the office opened at opened_at.
CREATE TABLE handover_ack (
	opened_at	BIGINT PRIMARY KEY,
	acknowledged_by	BIGINT NOT NULL REFERENCES app_user (id),
	acknowledged_at	BIGINT NOT NULL
);
