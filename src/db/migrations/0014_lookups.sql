-- Indexes that issue #10's profiles asked for.

-- A person's page lists the persons merged into it: without an index every
-- page read (and every caller look-up that finds a person) scanned the
-- whole person table.  Partial: nearly no person is merged.
CREATE INDEX person_merged_into ON person (merged_into)
	WHERE merged_into IS NOT NULL;

-- The caller look-up counts a number's contacts and reads its latest one:
-- with the time in the index the latest is the index's last entry, not a
-- sort of every contact of a frequent caller.
DROP INDEX contact_caller;
CREATE INDEX contact_caller ON contact (caller_bidx, started_at, id);

-- The case register walks the index of the page's order and stops after a
-- page (src/cases/register_api.c), so each of its sorts has one; the
-- reference has the unique (year, number) and opening (opened_at, id).
CREATE INDEX case_file_updated ON case_file (updated_at, id);
CREATE INDEX case_file_status_id ON case_file (status, id);
CREATE INDEX case_file_urgent ON case_file (urgent, id);
CREATE INDEX case_file_priority ON case_file ((CASE risk_level
	WHEN 'critical' THEN 0 WHEN 'high' THEN 1 ELSE 2 END),
	urgent DESC, opened_at DESC, id);
