/* Instance settings: see settings.h. */
#include <stdio.h>
#include <stdlib.h>

#include "auth/settings.h"
#include "base/clock.h"
#include "base/valid.h"

const struct setting_def setting_defs[SETTING__MAX] = {
	[SETTING_SESSION_IDLE_MINUTES] = {
	    "session_idle_minutes", 30, 5, 24 * 60, true },
	[SETTING_SESSION_LIFETIME_HOURS] = {
	    "session_lifetime_hours", 12, 1, 72, true },
	[SETTING_DEMO_MODE] = { "demo_mode", 0, 0, 1, false },
	[SETTING_SCREEN_ADULT_NEEDS_DESTINATION] = {
	    "screening_adult_needs_destination", 1, 0, 1, true },
	[SETTING_SCREEN_CHILD_MEANS_OPTIONAL] = {
	    "screening_child_means_optional", 1, 0, 1, true },
	[SETTING_SCREEN_POSSIBLE_TWO_OF_THREE] = {
	    "screening_possible_two_of_three", 1, 0, 1, true },
	[SETTING_STATS_THRESHOLD] = {
	    "stats_suppression_threshold", 3, 2, 100, true },
	[SETTING_EXPORT_K] = { "export_k", 11, 2, 1000, true },
};

enum settings_stmt {
	SETTINGS_GET,
	SETTINGS_SET,
	SETTINGS__MAX
};

static const char *const settings_sql[SETTINGS__MAX] = {
	[SETTINGS_GET] = "SELECT value FROM setting WHERE name = ?",
	[SETTINGS_SET] = "INSERT INTO setting (name, value, updated_at) "
	    "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
	    "value = excluded.value, updated_at = excluded.updated_at",
};

int
setting_get(struct db *db, enum setting s, int64_t *v)
{
	struct db_stmt	*st;
	const char	*text;
	enum db_step_rc	 rc;
	int64_t		 parsed;

	*v = setting_defs[s].def;
	if ((st = db_prepare(db, settings_sql[SETTINGS_GET])) == NULL)
		return -1;
	db_bind_str(st, 1, setting_defs[s].name);
	if ((rc = db_step(st)) == DB_ROW) {
		text = db_col_text(st, 0);
		/* A value outside the limits is ignored, not trusted. */
		if (valid_i64(text, strlen(text), setting_defs[s].min,
		    setting_defs[s].max, &parsed))
			*v = parsed;
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : 0;
}

int
setting_set(struct db *db, enum setting s, int64_t v)
{
	struct db_stmt	*st;
	char		 text[24];

	if (v < setting_defs[s].min || v > setting_defs[s].max)
		return -1;
	snprintf(text, sizeof(text), "%lld", (long long)v);
	if ((st = db_prepare(db, settings_sql[SETTINGS_SET])) == NULL)
		return -1;
	db_bind_str(st, 1, setting_defs[s].name);
	db_bind_str(st, 2, text);
	db_bind_i64(st, 3, clock_now());
	return db_done(st);
}
