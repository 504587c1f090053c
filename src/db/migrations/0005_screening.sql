-- Identification screening and the safety and risk assessment.

-- Versions of the indicator catalogue (data/indicators.json and revisions
-- coordinators load); a screening keeps the version it was made with.
CREATE TABLE indicator_catalogue (
	version		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	doc		TEXT NOT NULL,
	loaded_at	BIGINT NOT NULL,
	loaded_by	BIGINT REFERENCES app_user (id)
);

-- A screening of a case against one list of the catalogue.  answers,
-- notes and reason are sealed; verdict (the tool's) and conclusion (the
-- consultant's) stay in clear for statistics.
CREATE TABLE screening (
	id		@ID@,
	case_id		BIGINT NOT NULL REFERENCES case_file (id),
	list_code	TEXT NOT NULL,
	catalogue_version INTEGER NOT NULL
			    REFERENCES indicator_catalogue (version),
	status		TEXT NOT NULL,
	answers		@BLOB@,
	notes		@BLOB@,
	verdict		TEXT NOT NULL,
	conclusion	TEXT,
	agrees		INTEGER,
	reason		@BLOB@,
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL,
	completed_by	BIGINT REFERENCES app_user (id),
	completed_at	BIGINT
);
CREATE INDEX screening_case ON screening (case_id, created_at);

-- A safety and risk assessment; own_view (the person's words) is sealed.
CREATE TABLE risk_assessment (
	id		@ID@,
	case_id		BIGINT NOT NULL REFERENCES case_file (id),
	assessed_at	BIGINT NOT NULL,
	assessed_by	BIGINT NOT NULL REFERENCES app_user (id),
	immediate_danger TEXT NOT NULL,
	family_danger	TEXT NOT NULL,
	perpetrators_contact TEXT NOT NULL,
	captivity	TEXT NOT NULL,
	medical_emergency TEXT NOT NULL,
	minor		TEXT NOT NULL,
	no_documents	TEXT NOT NULL,
	own_view	@BLOB@,
	severity	INTEGER NOT NULL,
	likelihood	INTEGER NOT NULL,
	score		INTEGER NOT NULL,
	level		TEXT NOT NULL
);
CREATE INDEX risk_assessment_case ON risk_assessment (case_id, assessed_at);

-- The latest assessment's level, for the register and its priority sort.
ALTER TABLE case_file ADD COLUMN risk_level TEXT;
