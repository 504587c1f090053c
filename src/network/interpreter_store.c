/*
 * The interpreters' writes, shared by the routes and the demo data: an
 * interpreter (its sealed contact details and the language index kept in
 * step) and a booking (the conflict check in the same transaction as the
 * insert).  Reads live with the routes that run them (interpreter_api.c,
 * booking_api.c).
 */
#include <string.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "network/interpreter.h"

enum interp_stmt {
	I_INSERT,
	I_UPDATE,
	I_SEAL_PHONE,
	I_SEAL_EMAIL,
	I_SEAL_NOTES,
	I_LANG_DELETE,
	I_LANG_INSERT,
	B_NEAR,
	B_INSERT,
	B_SEAL_PURPOSE,
	I__MAX
};

static const char *const interp_sql[I__MAX] = {
	[I_INSERT] = "INSERT INTO interpreter (name, languages, modes, region, "
	    "availability, availability_note, vetted, vetted_on, agreement_on, "
	    "active, version, created_by, created_at, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
	[I_UPDATE] = "UPDATE interpreter SET name = ?, languages = ?, "
	    "modes = ?, region = ?, availability = ?, availability_note = ?, "
	    "vetted = ?, vetted_on = ?, agreement_on = ?, active = ?, "
	    "version = version + 1, updated_at = ? WHERE id = ? AND "
	    "version = ? RETURNING version",
	[I_SEAL_PHONE] = "UPDATE interpreter SET phone = ? WHERE id = ?",
	[I_SEAL_EMAIL] = "UPDATE interpreter SET email = ? WHERE id = ?",
	[I_SEAL_NOTES] = "UPDATE interpreter SET notes = ? WHERE id = ?",
	[I_LANG_DELETE] = "DELETE FROM interpreter_language "
	    "WHERE interpreter_id = ?",
	[I_LANG_INSERT] = "INSERT INTO interpreter_language (language, "
	    "interpreter_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
	/*
	 * The bookings that may overlap [start, end): a booking is at most
	 * INTERP_BOOKING_MAX_S long, so one that ends after start began
	 * after start - INTERP_BOOKING_MAX_S; the index on (interpreter_id,
	 * starts_at) bounds the scan, and interp_conflict() decides.
	 */
	[B_NEAR] = "SELECT id, starts_at, ends_at FROM interpreter_booking "
	    "WHERE interpreter_id = ? AND starts_at < ? AND starts_at > ? "
	    "AND ends_at > ? AND status <> 'cancelled' "
	    "ORDER BY starts_at, id LIMIT 64",
	[B_INSERT] = "INSERT INTO interpreter_booking (interpreter_id, "
	    "language, starts_at, ends_at, mode, case_id, contact_id, task_id, "
	    "status, outside_availability, version, created_by, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, 1, ?, ?, "
	    "?) RETURNING id",
	[B_SEAL_PURPOSE] = "UPDATE interpreter_booking SET purpose = ? "
	    "WHERE id = ?",
};

/* The columns name .. active of both statements, from index i. */
static void
interp_bind(struct db_stmt *st, int i, const struct interp_in *in)
{
	db_bind_str(st, i, in->name);
	db_bind_str(st, i + 1, in->languages);
	db_bind_str(st, i + 2, in->modes);
	db_bind_str(st, i + 3, in->region);
	db_bind_str(st, i + 4, in->availability);
	db_bind_str(st, i + 5, in->availability_note);
	db_bind_i64(st, i + 6, in->vetted);
	db_bind_str(st, i + 7, in->vetted_on);
	db_bind_str(st, i + 8, in->agreement_on);
	db_bind_i64(st, i + 9, in->active);
}

/* The sealed columns and the language index of interpreter id. */
static int
interp_rest(struct db *db, int64_t id, const struct interp_in *in)
{
	struct db_stmt	*st;
	const char	*p, *end;

	if (sealed_put(db, interp_sql[I_SEAL_PHONE], "interpreter", "phone",
	    id, in->phone) == -1 ||
	    sealed_put(db, interp_sql[I_SEAL_EMAIL], "interpreter", "email",
	    id, in->email) == -1 ||
	    sealed_put(db, interp_sql[I_SEAL_NOTES], "interpreter", "notes",
	    id, in->notes) == -1)
		return -1;
	if ((st = db_prepare(db, interp_sql[I_LANG_DELETE])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if (db_done(st) == -1)
		return -1;
	for (p = in->languages; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if ((st = db_prepare(db, interp_sql[I_LANG_INSERT])) == NULL)
			return -1;
		db_bind_text(st, 1, p, (size_t)(end - p));
		db_bind_i64(st, 2, id);
		if (db_done(st) == -1)
			return -1;
	}
	return 0;
}

int
interp_insert(struct db *db, const struct interp_in *in, int64_t by,
    int64_t *id)
{
	struct db_stmt	*st;
	int64_t		 now = clock_now();

	if ((st = db_prepare(db, interp_sql[I_INSERT])) == NULL)
		return -1;
	interp_bind(st, 1, in);
	db_bind_i64(st, 11, by);
	db_bind_i64(st, 12, now);
	db_bind_i64(st, 13, now);
	if (db_one_i64(st, id) != 1)
		return -1;
	return interp_rest(db, *id, in);
}

int
interp_update(struct db *db, int64_t id, int64_t version,
    const struct interp_in *in)
{
	struct db_stmt	*st;
	int64_t		 v;
	int		 rc;

	if ((st = db_prepare(db, interp_sql[I_UPDATE])) == NULL)
		return -1;
	interp_bind(st, 1, in);
	db_bind_i64(st, 11, clock_now());
	db_bind_i64(st, 12, id);
	db_bind_i64(st, 13, version);
	if ((rc = db_one_i64(st, &v)) != 1)
		return rc;
	return interp_rest(db, id, in) == -1 ? -1 : 1;
}

int
booking_clash(struct db *db, int64_t interpreter_id, int64_t start,
    int64_t end, int64_t skip, struct interp_span *clash)
{
	struct interp_span	 near[64];
	struct db_stmt		*st;
	enum db_step_rc		 rc;
	size_t			 n = 0;
	int			 i;

	if ((st = db_prepare(db, interp_sql[B_NEAR])) == NULL)
		return -1;
	db_bind_i64(st, 1, interpreter_id);
	db_bind_i64(st, 2, end);
	db_bind_i64(st, 3, start - INTERP_BOOKING_MAX_S - 1);
	db_bind_i64(st, 4, start);
	while ((rc = db_step(st)) == DB_ROW && n < 64) {
		near[n].id = db_col_i64(st, 0);
		near[n].start = db_col_i64(st, 1);
		near[n].end = db_col_i64(st, 2);
		n++;
	}
	db_reset(st);
	if (rc == DB_ERROR)
		return -1;
	if ((i = interp_conflict(near, n, start, end, skip)) == -1)
		return 0;
	*clash = near[i];
	return 1;
}

int
booking_insert(struct db *db, const struct booking_in *in, int64_t by,
    int64_t *id, struct interp_span *clash)
{
	struct db_stmt	*st;
	int64_t		 now = clock_now();
	int		 rc;

	*id = 0;
	if ((rc = booking_clash(db, in->interpreter_id, in->start, in->end, 0,
	    clash)) != 0)
		return rc == 1 ? 0 : -1;
	if ((st = db_prepare(db, interp_sql[B_INSERT])) == NULL)
		return -1;
	db_bind_i64(st, 1, in->interpreter_id);
	db_bind_str(st, 2, in->language);
	db_bind_i64(st, 3, in->start);
	db_bind_i64(st, 4, in->end);
	db_bind_str(st, 5, in->mode);
	db_bind_opt(st, 6, in->case_id);
	db_bind_opt(st, 7, in->contact_id);
	db_bind_opt(st, 8, in->task_id);
	db_bind_i64(st, 9, in->outside);
	db_bind_i64(st, 10, by);
	db_bind_i64(st, 11, now);
	db_bind_i64(st, 12, now);
	if (db_one_i64(st, id) != 1)
		return -1;
	if (in->purpose != NULL && *in->purpose != '\0' &&
	    booking_seal_purpose(db, *id, in->purpose) == -1)
		return -1;
	return 1;
}

int
booking_seal_purpose(struct db *db, int64_t id, const char *purpose)
{
	return sealed_put(db, interp_sql[B_SEAL_PURPOSE], "interpreter_booking",
	    "purpose", id, purpose != NULL && *purpose != '\0' ? purpose :
	    NULL);
}
