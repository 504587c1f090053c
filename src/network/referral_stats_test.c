/*
 * The referral counts for statistics (referral_stats), over a real SQLite
 * database with every migration applied: by purpose, status and the
 * organisation's kind, with personal data, flagged, and only the days
 * asked for.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/migrate.h"
#include "network/network.h"

static char	 tmpdir[] = "/tmp/haven-stats-test-XXXXXX";
static char	 dbpath[600];

static const char *const seed =
    "INSERT INTO app_user (id, username, role, pw_hash, created_at, "
    "updated_at) VALUES (1, 'u', 'consultant', 'x', 0, 0);"
    "INSERT INTO person (id, pseudonym, sex, minor, languages, version, "
    "created_by, created_at, updated_at) VALUES "
    "(1, 'P-AAAAAA', 'female', 0, '', 1, 1, 0, 0);"
    "INSERT INTO case_file (id, year, number, person_id, status, forms, "
    "origin, transit, exploitation, urgent, sealed, opened_at, version, "
    "created_by, created_at, updated_at) VALUES (1, 2026, 1, 1, "
    "'identified', 0, '', '', '', 0, 0, 0, 1, 1, 0, 0);"
    "INSERT INTO organisation (id, name, kind, country, languages, active, "
    "version, created_by, created_at, updated_at) VALUES "
    "(1, 'A', 'ngo', 'PL', 'pl', 1, 1, 1, 0, 0), "
    "(2, 'B', 'police', 'PL', 'pl', 1, 1, 1, 0, 0);"
    "INSERT INTO referral (case_id, organisation_id, purpose, sent_on, "
    "sent_by, carries_personal_data, data_shared, consent_withdrawn_at, "
    "status, status_at, status_by, version, created_at, updated_at) VALUES "
    "(1, 1, 'legal_aid', '2026-03-01', 1, 1, 'identity', NULL, 'sent', 0, "
    "1, 1, 0, 0),"
    "(1, 1, 'legal_aid', '2026-03-02', 1, 0, '', NULL, 'completed', 0, 1, "
    "1, 0, 0),"
    "(1, 2, 'law_enforcement_report', '2026-03-31', 1, 1, 'case_facts', 5, "
    "'accepted', 0, 1, 1, 0, 0),"
    "(1, 2, 'shelter', '2026-04-01', 1, 0, '', NULL, 'declined', 0, 1, 1, "
    "0, 0);";

static int
setup(void **state)
{
	struct db	*db = NULL;
	struct err	 e;
	char		 url[640];
	int		 applied;

	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/stats.db", tmpdir);
	snprintf(url, sizeof(url), "sqlite:%s", dbpath);
	if (db_open(url, &db, &e) == -1 || migrate_up(db, &applied, &e) == -1 ||
	    db_exec(db, seed) == -1) {
		fprintf(stderr, "setup: %s %s\n", e.msg,
		    db != NULL ? db_err(db)->msg : "");
		db_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	char	 p[640];

	db_close(*state);
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
	return rmdir(tmpdir);
}

static json_int_t
n(const json_t *o, const char *group, const char *key)
{
	const json_t	*g = group != NULL ? json_object_get(o, group) : o;

	return json_integer_value(json_object_get(g, key));
}

static void
test_counts(void **state)
{
	struct db	*db = *state;
	json_t		*o;

	assert_int_equal(referral_stats(db, "2026-03-01", "2026-03-31", &o), 0);
	assert_int_equal(n(o, NULL, "total"), 3);
	assert_int_equal(n(o, "by_purpose", "legal_aid"), 2);
	assert_int_equal(n(o, "by_purpose", "law_enforcement_report"), 1);
	assert_null(json_object_get(json_object_get(o, "by_purpose"),
	    "shelter"));
	assert_int_equal(n(o, "by_status", "sent"), 1);
	assert_int_equal(n(o, "by_status", "completed"), 1);
	assert_int_equal(n(o, "by_status", "accepted"), 1);
	assert_int_equal(n(o, "by_organisation_kind", "ngo"), 2);
	assert_int_equal(n(o, "by_organisation_kind", "police"), 1);
	assert_int_equal(n(o, NULL, "with_personal_data"), 2);
	assert_int_equal(n(o, NULL, "consent_withdrawn"), 1);
	json_decref(o);

	assert_int_equal(referral_stats(db, "2027-01-01", "2027-12-31", &o), 0);
	assert_int_equal(n(o, NULL, "total"), 0);
	assert_int_equal(json_object_size(json_object_get(o, "by_status")), 0);
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
