-- The consent ledger of a person and the referrals from a case to an
-- organisation of the directory (src/network/).

-- The directory's search key: name, city and (abroad) region, folded to
-- lower case without diacritics (network.h directory_search_key), so that
-- "lodz" finds "Łódź" on either database.
ALTER TABLE organisation ADD COLUMN search TEXT NOT NULL DEFAULT '';
CREATE INDEX organisation_active ON organisation (active, search);

-- A consent given by a person for one purpose (the consent_purpose codes);
-- a referral consent names the organisation, a law_enforcement one may.
-- Dates are "YYYY-MM-DD"; expires_on inclusive.  notes and
-- withdrawal_note are sealed (they may name people).  A consent is never
-- deleted: it is withdrawn.
CREATE TABLE consent (
	id		@ID@,
	person_id	BIGINT NOT NULL REFERENCES person (id),
	purpose		TEXT NOT NULL,
	organisation_id	BIGINT REFERENCES organisation (id),
	given_on	TEXT NOT NULL,
	method		TEXT NOT NULL,
	expires_on	TEXT,
	notes		@BLOB@,
	recorded_by	BIGINT NOT NULL REFERENCES app_user (id),
	recorded_at	BIGINT NOT NULL,
	withdrawn_on	TEXT,
	withdrawn_by	BIGINT REFERENCES app_user (id),
	withdrawn_at	BIGINT,
	withdrawal_note	@BLOB@
);
CREATE INDEX consent_person ON consent (person_id, purpose);

-- A referral of a case to an organisation.  Statistics count by purpose,
-- status, sent_on, carries_personal_data, the organisation's kind and
-- consent_withdrawn_at; data_shared is a comma-separated list of
-- data_category codes; consent_id is the consent relied on (NULL when no
-- personal data travelled).  notes and outcome are sealed.
CREATE TABLE referral (
	id		@ID@,
	case_id		BIGINT NOT NULL REFERENCES case_file (id),
	organisation_id	BIGINT NOT NULL REFERENCES organisation (id),
	purpose		TEXT NOT NULL,
	sent_on		TEXT NOT NULL,
	sent_by		BIGINT NOT NULL REFERENCES app_user (id),
	carries_personal_data INTEGER NOT NULL,
	data_shared	TEXT NOT NULL,
	consent_id	BIGINT REFERENCES consent (id),
	consent_withdrawn_at BIGINT,
	status		TEXT NOT NULL,
	status_at	BIGINT NOT NULL,
	status_by	BIGINT NOT NULL REFERENCES app_user (id),
	notes		@BLOB@,
	outcome		@BLOB@,
	version		INTEGER NOT NULL,
	created_at	BIGINT NOT NULL,
	updated_at	BIGINT NOT NULL
);
CREATE INDEX referral_case ON referral (case_id, sent_on);
CREATE INDEX referral_consent ON referral (consent_id);
CREATE INDEX referral_status ON referral (status, sent_on);
CREATE INDEX referral_organisation ON referral (organisation_id, sent_on);
