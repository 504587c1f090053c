-- The specialist shelter: shelters (the centre's own, partners', crisis
-- intervention centres), their rooms and beds, beds out of service,
-- placements of a case's person on a bed, and safety incidents.
--
-- Where a shelter is (address) and how it is reached (phone) could lead a
-- trafficker to the people it hides: both are sealed, and so is every free
-- text that may name people.  Dates are local civil dates "YYYY-MM-DD",
-- which compare as text in both dialects.
CREATE TABLE shelter (
	id		@ID@,
	name		TEXT NOT NULL,
	kind		TEXT NOT NULL,
	organisation_id	BIGINT REFERENCES organisation (id),
	address		@BLOB@,
	phone		@BLOB@,
	active		INTEGER NOT NULL,
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);

CREATE TABLE shelter_room (
	id		@ID@,
	shelter_id	BIGINT NOT NULL REFERENCES shelter (id),
	name		TEXT NOT NULL,
	created_at	BIGINT NOT NULL,
	UNIQUE (shelter_id, name)
);

-- shelter_id repeats the room's, so the board reads one shelter's beds
-- with one index.
CREATE TABLE shelter_bed (
	id		@ID@,
	shelter_id	BIGINT NOT NULL REFERENCES shelter (id),
	room_id		BIGINT NOT NULL REFERENCES shelter_room (id),
	label		TEXT NOT NULL,
	active		INTEGER NOT NULL,
	created_at	BIGINT NOT NULL,
	UNIQUE (room_id, label)
);
CREATE INDEX shelter_bed_shelter ON shelter_bed (shelter_id, room_id);

-- A bed out of service from from_day to to_day, both included.
CREATE TABLE bed_block (
	id		@ID@,
	bed_id		BIGINT NOT NULL REFERENCES shelter_bed (id),
	from_day	TEXT NOT NULL,
	to_day		TEXT NOT NULL,
	reason		TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL
);
CREATE INDEX bed_block_bed ON bed_block (bed_id, to_day);

-- A placement holds its bed for the nights from check_in up to (not
-- including) its departure: actual once ended, else planned (none: open).
-- check_in is planned while reserved and actual once checked in.
CREATE TABLE placement (
	id		@ID@,
	case_id		BIGINT NOT NULL REFERENCES case_file (id),
	person_id	BIGINT NOT NULL REFERENCES person (id),
	shelter_id	BIGINT NOT NULL REFERENCES shelter (id),
	bed_id		BIGINT NOT NULL REFERENCES shelter_bed (id),
	status		TEXT NOT NULL,
	check_in	TEXT NOT NULL,
	planned_departure TEXT,
	actual_departure TEXT,
	leaving_reason	TEXT,
	notes		@BLOB@,
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
CREATE INDEX placement_bed ON placement (bed_id, status);
CREATE INDEX placement_shelter ON placement (shelter_id, status, check_in);
CREATE INDEX placement_case ON placement (case_id);
CREATE INDEX placement_person ON placement (person_id, status);

-- A safety incident at a shelter; what happened and what was done are
-- sealed (they name people), kind and severity stay in clear.
CREATE TABLE shelter_incident (
	id		@ID@,
	shelter_id	BIGINT NOT NULL REFERENCES shelter (id),
	placement_id	BIGINT REFERENCES placement (id),
	occurred_at	BIGINT NOT NULL,
	kind		TEXT NOT NULL,
	severity	TEXT NOT NULL,
	description	@BLOB@,
	actions		@BLOB@,
	reported_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL
);
CREATE INDEX shelter_incident_shelter ON shelter_incident (shelter_id,
    occurred_at);
