-- Interpreters and their bookings (src/network/interpreter.h).
--
-- An interpreter's phone, e-mail and notes are sealed: their contact
-- details would let someone find and pressure the person who hears a
-- victim's story.  The name, languages, modes, region and availability
-- stay in clear so that the registry can be searched.  languages and
-- modes are comma-separated codes as shown; interpreter_language indexes
-- the languages for the suggestions.  availability is a JSON array of
-- weekly slots [{"day":"mon","from":"09:00","to":"17:00"}] in Warsaw
-- local time.
CREATE TABLE interpreter (
	id		@ID@,
	name		TEXT NOT NULL,
	languages	TEXT NOT NULL,
	modes		TEXT NOT NULL,
	region		TEXT,
	availability	TEXT NOT NULL,
	availability_note TEXT,
	vetted		INTEGER NOT NULL,
	vetted_on	TEXT,
	agreement_on	TEXT,
	phone		@BLOB@,
	email		@BLOB@,
	notes		@BLOB@,
	active		INTEGER NOT NULL,
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
CREATE INDEX interpreter_name ON interpreter (name, id);

CREATE TABLE interpreter_language (
	language	TEXT NOT NULL,
	interpreter_id	BIGINT NOT NULL REFERENCES interpreter (id),
	PRIMARY KEY (language, interpreter_id)
);

-- A booking of an interpreter, tied to a case, a contact and/or a task
-- (an appointment).  A booking tied to a contact or task of a case also
-- carries that case_id, so that a sealed case's bookings stay as closed
-- as the case.  purpose is sealed (free text).  Times are Unix seconds;
-- two bookings of one interpreter that are not cancelled never overlap
-- (checked in the inserting transaction).
CREATE TABLE interpreter_booking (
	id		@ID@,
	interpreter_id	BIGINT NOT NULL REFERENCES interpreter (id),
	language	TEXT NOT NULL,
	starts_at	BIGINT NOT NULL,
	ends_at		BIGINT NOT NULL,
	mode		TEXT NOT NULL,
	purpose		@BLOB@,
	case_id		BIGINT REFERENCES case_file (id),
	contact_id	BIGINT REFERENCES contact (id),
	task_id		BIGINT REFERENCES task (id),
	status		TEXT NOT NULL,
	outside_availability INTEGER NOT NULL,
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
CREATE INDEX interpreter_booking_time ON interpreter_booking
	(interpreter_id, starts_at);
CREATE INDEX interpreter_booking_case ON interpreter_booking
	(case_id, starts_at);
