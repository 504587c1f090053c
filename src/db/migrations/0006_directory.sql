-- The directory of the organisations and institutions the centre works
-- with.  Nothing here describes a person the centre helps, so it stays in
-- clear and can be searched; contact_person names an officer or staff
-- member of the institution, as published or given by it.
CREATE TABLE organisation (
	id		@ID@,
	name		TEXT NOT NULL,
	kind		TEXT NOT NULL,
	country		TEXT NOT NULL,
	region		TEXT,
	city		TEXT,
	address		TEXT,
	phone		TEXT,
	email		TEXT,
	website		TEXT,
	contact_person	TEXT,
	languages	TEXT NOT NULL,
	hours		TEXT,
	notes		TEXT,
	active		INTEGER NOT NULL,
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
CREATE INDEX organisation_kind ON organisation (kind, name);
CREATE INDEX organisation_region ON organisation (country, region);
