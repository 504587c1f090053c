-- Preventive counselling for people considering going abroad, and the
-- consultations and trainings the centre gives to institutions.  Neither
-- holds an identity: a prevention consultation keeps the checklist's
-- answers (in clear, counted in statistics) and sealed notes; an
-- institution consultation names the institution (a business or public
-- body, in clear) and refers to a case only by its reference text, never
-- by a link to the case.

-- A preventive consultation: answers are codes of the enumerations in
-- src/hotline/enums.c; risk_level and flags (comma-separated red flag
-- codes) are derived by src/network/prevention.c and kept for statistics.
CREATE TABLE prevention_consultation (
	id		@ID@,
	held_at		BIGINT NOT NULL,
	held_by		BIGINT NOT NULL REFERENCES app_user (id),
	contact_id	BIGINT REFERENCES contact (id),
	lang		TEXT NOT NULL,
	destination	TEXT NOT NULL,
	purpose		TEXT NOT NULL,
	sector		TEXT,
	offer_source	TEXT,
	agency_name	TEXT,
	agency_in_kraz	TEXT NOT NULL,
	kraz_number	TEXT,
	fee_asked	TEXT NOT NULL,
	fee_purpose	TEXT,
	contract_written TEXT NOT NULL,
	contract_language_understood TEXT NOT NULL,
	documents_kept_by TEXT NOT NULL,
	accommodation	TEXT NOT NULL,
	paid_before_departure TEXT NOT NULL,
	emergency_contacts_known TEXT NOT NULL,
	signals		TEXT NOT NULL,
	risk_level	TEXT NOT NULL,
	flags		TEXT NOT NULL,
	notes		@BLOB@,
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
CREATE INDEX prevention_held ON prevention_consultation (held_at, id);
CREATE INDEX prevention_contact ON prevention_consultation (contact_id);

-- A consultation or training given to an institution: from the directory
-- (organisation_id) or named here (institution_name).  case_refs is a
-- comma-separated list of case references ("2026/0042"), text only.
CREATE TABLE institution_consultation (
	id		@ID@,
	organisation_id	BIGINT REFERENCES organisation (id),
	institution_name TEXT,
	institution_kind TEXT NOT NULL,
	kind		TEXT NOT NULL,
	topic		TEXT NOT NULL,
	format		TEXT NOT NULL,
	held_on		TEXT NOT NULL,
	duration_minutes INTEGER,
	participants	INTEGER NOT NULL,
	case_refs	TEXT NOT NULL,
	notes		@BLOB@,
	held_by		BIGINT NOT NULL REFERENCES app_user (id),
	version		INTEGER NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user (id),
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
CREATE INDEX institution_consultation_held ON institution_consultation
    (held_on, id);
CREATE INDEX institution_consultation_org ON institution_consultation
    (organisation_id, held_on);
