/* The SQL of contacts and of the stored calendar: see contact.h. */
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/xmalloc.h"
#include "crypto/field.h"
#include "hotline/contact.h"

enum contact_stmt {
	CONTACT_INSERT,
	CONTACT_SEAL,
	CONTACT_GET,
	CONTACT_UPDATE,
	CONTACT_REVISION,
	CONTACT_REVISION_SEAL,
	CONTACT_REVISIONS,
	CONTACT_PAGE,
	CONTACT_FOLLOWUPS,
	CONTACT_BETWEEN,
	CONTACT_LOOKUP_COUNT,
	CONTACT_LOOKUP_LAST,
	CONTACT_FOLLOWUP_DONE,
	CONTACT_HOURS,
	CONTACT_CLOSURES,
	CONTACT_DAY,
	CONTACT_MONTH,
	CONTACT__MAX
};

/* The columns every read takes, in the order contact_fill() reads them. */
#define CONTACT_COLS "c.id, c.started_at, c.duration_s, c.channel, " \
	"c.direction, c.country, c.language, c.interpreter, c.inquirer, " \
	"c.topics, c.urgency, c.outcome, c.consultant_id, u.username, " \
	"c.out_of_hours, c.followup, c.followup_done_at, c.followup_done_by, " \
	"d.username, c.version, c.created_at, c.updated_at, " \
	"c.person_id, p.pseudonym, c.case_id, f.year, f.number, " \
	"c.urgency_reason, c.summary, c.caller_number, c.handover_note, " \
	"c.organisation_id, o.name, c.draft, c.line " \
	"FROM contact c JOIN app_user u ON u.id = c.consultant_id " \
	"LEFT JOIN app_user d ON d.id = c.followup_done_by " \
	"LEFT JOIN person p ON p.id = c.person_id " \
	"LEFT JOIN case_file f ON f.id = c.case_id " \
	"LEFT JOIN organisation o ON o.id = c.organisation_id "

static const char *const contact_sql[CONTACT__MAX] = {
	[CONTACT_DAY] = "INSERT INTO contact_day (day, inquirer, channel, "
	    "out_of_hours, urgency, topics, n) VALUES (?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (day, inquirer, channel, out_of_hours, urgency, "
	    "topics) DO UPDATE SET n = contact_day.n + excluded.n",
	[CONTACT_MONTH] = "INSERT INTO contact_month (month, inquirer, "
	    "channel, out_of_hours, urgency, topics, n) VALUES (?, ?, ?, ?, ?, "
	    "?, ?) ON CONFLICT (month, inquirer, channel, out_of_hours, "
	    "urgency, topics) DO UPDATE SET n = contact_month.n + excluded.n",
	[CONTACT_INSERT] = "INSERT INTO contact (started_at, duration_s, "
	    "channel, direction, country, language, interpreter, inquirer, "
	    "topics, urgency, outcome, consultant_id, out_of_hours, followup, "
	    "caller_bidx, person_id, case_id, organisation_id, version, "
	    "created_at, updated_at, draft, line) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) "
	    "RETURNING id",
	[CONTACT_SEAL] = "UPDATE contact SET urgency_reason = ?, summary = ?, "
	    "caller_number = ?, handover_note = ? WHERE id = ?",
	[CONTACT_GET] = "SELECT " CONTACT_COLS "WHERE c.id = ?",
	[CONTACT_UPDATE] = "UPDATE contact SET started_at = ?, duration_s = ?, "
	    "channel = ?, direction = ?, country = ?, language = ?, "
	    "interpreter = ?, inquirer = ?, topics = ?, urgency = ?, "
	    "outcome = ?, out_of_hours = ?, followup = ?, caller_bidx = ?, "
	    "person_id = ?, case_id = ?, organisation_id = ?, draft = ?, "
	    "version = version + 1, updated_at = ? "
	    "WHERE id = ? AND version = ? RETURNING version",
	[CONTACT_REVISION] = "INSERT INTO contact_revision (contact_id, "
	    "version, changed_by, changed_at, old_values) "
	    "VALUES (?, ?, ?, ?, ?) RETURNING id",
	[CONTACT_REVISION_SEAL] = "UPDATE contact_revision SET old_values = ? "
	    "WHERE id = ?",
	[CONTACT_REVISIONS] = "SELECT r.id, r.version, r.changed_by, "
	    "u.username, r.changed_at, r.old_values FROM contact_revision r "
	    "JOIN app_user u ON u.id = r.changed_by WHERE r.contact_id = ? "
	    "ORDER BY r.version",
	[CONTACT_PAGE] = "SELECT " CONTACT_COLS
	    "WHERE c.started_at >= ? AND c.started_at < ? "
	    "AND (c.started_at < ? OR (c.started_at = ? AND c.id < ?)) "
	    "AND (CAST(? AS TEXT) = '' OR c.inquirer = ?) "
	    "AND (CAST(? AS TEXT) = '' OR c.urgency = ?) "
	    "AND (CAST(? AS TEXT) = '' OR c.channel = ?) "
	    "AND (CAST(? AS INTEGER) = 0 OR (c.topics & CAST(? AS INTEGER)) <> 0) "
	    "AND (CAST(? AS BIGINT) = 0 OR c.consultant_id = ?) "
	    "AND (CAST(? AS INTEGER) < 0 OR c.out_of_hours = ?) "
	    "AND (CAST(? AS INTEGER) < 0 OR c.draft = ?) "
	    "ORDER BY c.started_at DESC, c.id DESC LIMIT ?",
	[CONTACT_FOLLOWUPS] = "SELECT " CONTACT_COLS
	    "WHERE c.followup = 1 AND c.followup_done_at IS NULL "
	    "ORDER BY c.started_at, c.id LIMIT 500",
	[CONTACT_BETWEEN] = "SELECT " CONTACT_COLS
	    "WHERE c.started_at >= ? AND c.started_at < ? "
	    "AND c.out_of_hours = 1 ORDER BY c.started_at, c.id LIMIT 500",
	[CONTACT_LOOKUP_COUNT] = "SELECT count(*) FROM contact "
	    "WHERE caller_bidx = ?",
	[CONTACT_LOOKUP_LAST] = "SELECT " CONTACT_COLS "WHERE c.caller_bidx = ? "
	    "ORDER BY c.started_at DESC, c.id DESC LIMIT 1",
	[CONTACT_FOLLOWUP_DONE] = "UPDATE contact SET followup_done_at = ?, "
	    "followup_done_by = ? WHERE id = ? AND followup = 1 "
	    "AND followup_done_at IS NULL RETURNING id",
	[CONTACT_HOURS] = "SELECT weekday, open_minute, close_minute "
	    "FROM office_hours",
	[CONTACT_CLOSURES] = "SELECT day, note FROM closure_day ORDER BY day",
};

/* The sealed columns, in the order of CONTACT_SEAL and of the reads. */
static const char *const sealed_cols[4] = {
	"urgency_reason", "summary", "caller_number", "handover_note"
};

static char **
contact_sealed_slot(struct contact *c, int i)
{
	switch (i) {
	case 0:
		return &c->urgency_reason;
	case 1:
		return &c->summary;
	case 2:
		return &c->caller_number;
	default:
		return &c->handover_note;
	}
}

static void
wipe_free(char **p)
{
	if (*p != NULL) {
		sodium_memzero(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

void
contact_release(struct contact *c)
{
	int	 i;

	for (i = 0; i < 4; i++)
		wipe_free(contact_sealed_slot(c, i));
}

static void
copy_text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

/* Open one sealed column of the current row into *out (NULL if none). */
static int
open_col(struct db_stmt *st, int col, const char *column, int64_t id,
    char **out)
{
	struct buf	 b;
	const void	*p;
	size_t		 n;

	*out = NULL;
	if (db_col_null(st, col))
		return 0;
	p = db_col_blob(st, col, &n);
	buf_init(&b, FIELD_MAX);
	if (field_open("contact", column, id, p, n, &b) == -1) {
		buf_release(&b);
		return -1;
	}
	*out = buf_detach(&b, NULL);
	return 0;
}

/* Fill c from the current row; with open, the sealed fields too. */
static int
contact_fill(struct db *db, struct db_stmt *st, bool open, struct contact *c)
{
	int	 i;

	memset(c, 0, sizeof(*c));
	c->id = db_col_i64(st, 0);
	c->started_at = db_col_i64(st, 1);
	c->duration_s = db_col_i64(st, 2);
	copy_text(c->channel, sizeof(c->channel), db_col_text(st, 3));
	copy_text(c->direction, sizeof(c->direction), db_col_text(st, 4));
	copy_text(c->country, sizeof(c->country), db_col_text(st, 5));
	copy_text(c->language, sizeof(c->language), db_col_text(st, 6));
	c->interpreter = db_col_i64(st, 7) != 0;
	copy_text(c->inquirer, sizeof(c->inquirer), db_col_text(st, 8));
	c->topics = (uint32_t)db_col_i64(st, 9);
	copy_text(c->urgency, sizeof(c->urgency), db_col_text(st, 10));
	copy_text(c->outcome, sizeof(c->outcome), db_col_text(st, 11));
	c->consultant_id = db_col_i64(st, 12);
	copy_text(c->consultant, sizeof(c->consultant), db_col_text(st, 13));
	c->out_of_hours = db_col_i64(st, 14) != 0;
	c->followup = db_col_i64(st, 15) != 0;
	c->followup_done_at = db_col_i64(st, 16);
	c->followup_done_by = db_col_i64(st, 17);
	copy_text(c->followup_done_by_name, sizeof(c->followup_done_by_name),
	    db_col_text(st, 18));
	c->version = db_col_i64(st, 19);
	c->created_at = db_col_i64(st, 20);
	c->updated_at = db_col_i64(st, 21);
	c->person_id = db_col_i64(st, 22);
	copy_text(c->pseudonym, sizeof(c->pseudonym), db_col_text(st, 23));
	c->case_id = db_col_i64(st, 24);
	if (c->case_id != 0)
		snprintf(c->reference, sizeof(c->reference), "%04lld/%04lld",
		    (long long)db_col_i64(st, 25), (long long)db_col_i64(st,
		    26));
	c->organisation_id = db_col_i64(st, 31);
	copy_text(c->organisation, sizeof(c->organisation), db_col_text(st,
	    32));
	c->draft = db_col_i64(st, 33) != 0;
	copy_text(c->line, sizeof(c->line), db_col_text(st, 34));
	if (!open)
		return 0;
	for (i = 0; i < 4; i++)
		if (open_col(st, 27 + i, sealed_cols[i], c->id,
		    contact_sealed_slot(c, i)) == -1) {
			contact_release(c);
			db_fail(db, ERR_INVALID, "contact %lld: %s does not "
			    "open: wrong key file?", (long long)c->id,
			    sealed_cols[i]);
			return -1;
		}
	return 0;
}

/* Bind the plain columns shared by insert and update, from index i. */
static int
bind_plain(struct db_stmt *st, int i, const struct contact *c)
{
	db_bind_i64(st, i++, c->started_at);
	db_bind_i64(st, i++, c->duration_s);
	db_bind_str(st, i++, c->channel);
	db_bind_str(st, i++, c->direction);
	db_bind_str(st, i++, c->country[0] != '\0' ? c->country : NULL);
	db_bind_str(st, i++, c->language[0] != '\0' ? c->language : NULL);
	db_bind_i64(st, i++, c->interpreter);
	db_bind_str(st, i++, c->inquirer);
	db_bind_i64(st, i++, c->topics);
	db_bind_str(st, i++, c->urgency);
	db_bind_str(st, i++, c->outcome);
	return i;
}

static void
bind_bidx(struct db_stmt *st, int i, const struct contact *c)
{
	unsigned char	 bidx[BLIND_BYTES];

	if (c->caller_number == NULL) {
		db_bind_null(st, i);
		return;
	}
	blind_index("phone", c->caller_number, strlen(c->caller_number), bidx);
	db_bind_blob(st, i, bidx, sizeof(bidx));
}

/* Seal the four fields of c (row c->id) into their columns. */
static int
contact_seal(struct db *db, const struct contact *c)
{
	struct db_stmt	*st;
	unsigned char	*sealed[4] = { NULL, NULL, NULL, NULL };
	size_t		 len[4] = { 0, 0, 0, 0 };
	int		 i, rc = -1;

	for (i = 0; i < 4; i++) {
		const char	*v = *contact_sealed_slot((struct contact *)
		    (uintptr_t)c, i);

		if (v != NULL && field_seal("contact", sealed_cols[i], c->id, v,
		    strlen(v), &sealed[i], &len[i]) == -1) {
			db_fail(db, ERR_IO, "cannot seal a contact field");
			goto out;
		}
	}
	if ((st = db_prepare(db, contact_sql[CONTACT_SEAL])) == NULL)
		goto out;
	for (i = 0; i < 4; i++) {
		if (sealed[i] != NULL)
			db_bind_blob(st, i + 1, sealed[i], len[i]);
		else
			db_bind_null(st, i + 1);
	}
	db_bind_i64(st, 5, c->id);
	rc = db_done(st);
out:
	for (i = 0; i < 4; i++)
		free(sealed[i]);
	return rc;
}

/*
 * Count contact c (+1) or uncount it (-1) in its day and its month of the
 * statistics' rollups (0011_stats.sql), inside the write that stores it.
 * A draft from the SIP server is not counted until it is completed.
 */
int
contact_count(struct db *db, const struct contact *c, int delta)
{
	static const int	 which[2] = { CONTACT_DAY, CONTACT_MONTH };
	struct db_stmt		*st;
	struct cal_local	 l = cal_to_local(c->started_at);
	char			 day[11];
	int			 i;

	if (c->draft)
		return 0;
	snprintf(day, sizeof(day), "%04d-%02d-%02d", l.date.y, l.date.m,
	    l.date.d);
	for (i = 0; i < 2; i++) {
		if ((st = db_prepare(db, contact_sql[which[i]])) == NULL)
			return -1;
		/* The month is the day's first seven characters. */
		db_bind_text(st, 1, day, i == 0 ? 10 : 7);
		db_bind_str(st, 2, c->inquirer);
		db_bind_str(st, 3, c->channel);
		db_bind_i64(st, 4, c->out_of_hours);
		db_bind_str(st, 5, c->urgency);
		db_bind_i64(st, 6, c->topics);
		db_bind_i64(st, 7, delta);
		if (db_done(st) == -1)
			return -1;
	}
	return 0;
}

/* Do a and b count in the same rollup rows?  Then a correction moves
 * nothing there. */
static bool
count_key_same(const struct contact *a, const struct contact *b)
{
	struct cal_date	 x = cal_to_local(a->started_at).date;
	struct cal_date	 y = cal_to_local(b->started_at).date;

	return a->draft == b->draft && x.y == y.y && x.m == y.m && x.d == y.d &&
	    a->out_of_hours == b->out_of_hours && a->topics == b->topics &&
	    strcmp(a->inquirer, b->inquirer) == 0 &&
	    strcmp(a->channel, b->channel) == 0 &&
	    strcmp(a->urgency, b->urgency) == 0;
}

int
contact_insert(struct db *db, struct contact *c)
{
	struct db_stmt	*st;
	int64_t		 now = clock_now();
	int		 i;

	if ((st = db_prepare(db, contact_sql[CONTACT_INSERT])) == NULL)
		return -1;
	i = bind_plain(st, 1, c);
	db_bind_i64(st, i++, c->consultant_id);
	db_bind_i64(st, i++, c->out_of_hours);
	db_bind_i64(st, i++, c->followup);
	bind_bidx(st, i++, c);
	db_bind_opt(st, i++, c->person_id);
	db_bind_opt(st, i++, c->case_id);
	db_bind_opt(st, i++, c->organisation_id);
	db_bind_i64(st, i++, now);
	db_bind_i64(st, i++, now);
	db_bind_i64(st, i++, c->draft);
	db_bind_str(st, i, c->line[0] != '\0' ? c->line : NULL);
	if (db_one_i64(st, &c->id) != 1)
		return -1;
	c->version = 1;
	c->created_at = c->updated_at = now;
	if (contact_count(db, c, 1) == -1)
		return -1;
	return contact_seal(db, c);
}

int
contact_get(struct db *db, int64_t id, bool open, struct contact *c)
{
	struct db_stmt	*st;
	int		 rc;

	memset(c, 0, sizeof(*c));
	if ((st = db_prepare(db, contact_sql[CONTACT_GET])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) == 1) {
		rc = contact_fill(db, st, open, c) == 0 ? 1 : -1;
		db_reset(st);
	}
	return rc;
}

int
contact_update(struct db *db, const struct contact *old, struct contact *c,
    int64_t by, const char *old_json)
{
	struct db_stmt	*st;
	unsigned char	*sealed = NULL;
	size_t		 len;
	int64_t		 now = clock_now(), rid;
	int		 i, rc;

	if ((st = db_prepare(db, contact_sql[CONTACT_UPDATE])) == NULL)
		return -1;
	i = bind_plain(st, 1, c);
	db_bind_i64(st, i++, c->out_of_hours);
	db_bind_i64(st, i++, c->followup);
	bind_bidx(st, i++, c);
	db_bind_opt(st, i++, c->person_id);
	db_bind_opt(st, i++, c->case_id);
	db_bind_opt(st, i++, c->organisation_id);
	db_bind_i64(st, i++, c->draft);
	db_bind_i64(st, i++, now);
	db_bind_i64(st, i++, old->id);
	db_bind_i64(st, i, old->version);
	if ((rc = db_one_i64(st, &c->version)) != 1)
		return rc;
	c->id = old->id;
	c->updated_at = now;
	if (!count_key_same(old, c) && (contact_count(db, old, -1) == -1 ||
	    contact_count(db, c, 1) == -1))
		return -1;
	if (contact_seal(db, c) == -1)
		return -1;
	/* The old values: a revision row first, then its sealed content. */
	if ((st = db_prepare(db, contact_sql[CONTACT_REVISION])) == NULL)
		return -1;
	db_bind_i64(st, 1, old->id);
	db_bind_i64(st, 2, old->version);
	db_bind_i64(st, 3, by);
	db_bind_i64(st, 4, now);
	db_bind_blob(st, 5, "", 0);
	if (db_one_i64(st, &rid) != 1)
		return -1;
	if (field_seal("contact_revision", "old_values", rid, old_json,
	    strlen(old_json), &sealed, &len) == -1) {
		db_fail(db, ERR_IO, "cannot seal a revision");
		return -1;
	}
	if ((st = db_prepare(db, contact_sql[CONTACT_REVISION_SEAL])) == NULL) {
		free(sealed);
		return -1;
	}
	db_bind_blob(st, 1, sealed, len);
	db_bind_i64(st, 2, rid);
	free(sealed);
	return db_done(st) == 0 ? 1 : -1;
}

/* Run a prepared read and hand each contact to fn. */
static int
contact_rows(struct db *db, struct db_stmt *st, bool open, contact_fn fn,
    void *arg)
{
	struct contact	 c;
	enum db_step_rc	 rc;
	int		 ret = 0;

	while ((rc = db_step(st)) == DB_ROW) {
		if (contact_fill(db, st, open, &c) == -1) {
			ret = -1;
			break;
		}
		ret = fn(&c, arg);
		contact_release(&c);
		if (ret == -1)
			break;
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : ret;
}

int
contact_page(struct db *db, const struct contact_filter *f, bool with_notes,
    contact_fn fn, void *arg)
{
	struct db_stmt	*st;

	if (f->followup_open) {
		if ((st = db_prepare(db, contact_sql[CONTACT_FOLLOWUPS])) == NULL)
			return -1;
		return contact_rows(db, st, with_notes, fn, arg);
	}
	if (f->oldest_first) {
		if ((st = db_prepare(db, contact_sql[CONTACT_BETWEEN])) == NULL)
			return -1;
		db_bind_i64(st, 1, f->from);
		db_bind_i64(st, 2, f->to);
		return contact_rows(db, st, with_notes, fn, arg);
	}
	if ((st = db_prepare(db, contact_sql[CONTACT_PAGE])) == NULL)
		return -1;
	db_bind_i64(st, 1, f->from);
	db_bind_i64(st, 2, f->to);
	db_bind_i64(st, 3, f->before_at);
	db_bind_i64(st, 4, f->before_at);
	db_bind_i64(st, 5, f->before_id);
	db_bind_str(st, 6, f->inquirer);
	db_bind_str(st, 7, f->inquirer);
	db_bind_str(st, 8, f->urgency);
	db_bind_str(st, 9, f->urgency);
	db_bind_str(st, 10, f->channel);
	db_bind_str(st, 11, f->channel);
	db_bind_i64(st, 12, f->topic_mask);
	db_bind_i64(st, 13, f->topic_mask);
	db_bind_i64(st, 14, f->consultant_id);
	db_bind_i64(st, 15, f->consultant_id);
	db_bind_i64(st, 16, f->out_of_hours);
	db_bind_i64(st, 17, f->out_of_hours);
	db_bind_i64(st, 18, f->draft);
	db_bind_i64(st, 19, f->draft);
	db_bind_i64(st, 20, f->limit);
	return contact_rows(db, st, with_notes, fn, arg);
}

int
contact_lookup(struct db *db, const unsigned char *bidx, int64_t *count,
    struct contact *last)
{
	struct db_stmt	*st;
	int		 rc;

	memset(last, 0, sizeof(*last));
	if ((st = db_prepare(db, contact_sql[CONTACT_LOOKUP_COUNT])) == NULL)
		return -1;
	db_bind_blob(st, 1, bidx, BLIND_BYTES);
	if (db_one_i64(st, count) == -1)
		return -1;
	if (*count == 0)
		return 0;
	if ((st = db_prepare(db, contact_sql[CONTACT_LOOKUP_LAST])) == NULL)
		return -1;
	db_bind_blob(st, 1, bidx, BLIND_BYTES);
	rc = db_step(st) == DB_ROW ? contact_fill(db, st, false, last) : -1;
	db_reset(st);
	return rc;
}

int
contact_followup_done(struct db *db, int64_t id, int64_t by, int64_t now)
{
	struct db_stmt	*st;
	int64_t		 got;

	if ((st = db_prepare(db, contact_sql[CONTACT_FOLLOWUP_DONE])) == NULL)
		return -1;
	db_bind_i64(st, 1, now);
	db_bind_i64(st, 2, by);
	db_bind_i64(st, 3, id);
	return db_one_i64(st, &got);
}

int
contact_revisions(struct db *db, int64_t id, revision_fn fn, void *arg)
{
	struct contact_revision	 r;
	struct db_stmt		*st;
	struct buf		 b;
	const void		*p;
	size_t			 n;
	enum db_step_rc		 rc;
	int			 ret = 0;

	if ((st = db_prepare(db, contact_sql[CONTACT_REVISIONS])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&r, 0, sizeof(r));
		r.version = db_col_i64(st, 1);
		r.changed_by = db_col_i64(st, 2);
		copy_text(r.changed_by_name, sizeof(r.changed_by_name),
		    db_col_text(st, 3));
		r.changed_at = db_col_i64(st, 4);
		p = db_col_blob(st, 5, &n);
		buf_init(&b, FIELD_MAX);
		if (field_open("contact_revision", "old_values",
		    db_col_i64(st, 0), p, n, &b) == -1) {
			buf_release(&b);
			db_fail(db, ERR_INVALID, "a contact revision does not "
			    "open: wrong key file?");
			ret = -1;
			break;
		}
		r.old_json = b.data;
		ret = fn(&r, arg);
		buf_release(&b);
		if (ret == -1)
			break;
	}
	db_reset(st);
	return rc == DB_ERROR ? -1 : ret;
}

int
calendar_load(struct db *db, struct calendar_store *cs)
{
	struct db_stmt	*st;
	enum db_step_rc	 rc;
	size_t		 n = 0, cap = 0;
	int64_t		 w;

	memset(cs, 0, sizeof(*cs));
	calendar_default(&cs->cal);
	if ((st = db_prepare(db, contact_sql[CONTACT_HOURS])) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		w = db_col_i64(st, 0);
		if (w < 0 || w >= WEEKDAY__MAX)
			continue;
		cs->cal.open[w] = (int)db_col_i64(st, 1);
		cs->cal.close[w] = (int)db_col_i64(st, 2);
	}
	db_reset(st);
	if (rc == DB_ERROR)
		return -1;
	if ((st = db_prepare(db, contact_sql[CONTACT_CLOSURES])) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			cs->closures = xrealloc(cs->closures, cap *
			    sizeof(*cs->closures));
			cs->notes = xrealloc(cs->notes, cap * sizeof(*cs->notes));
		}
		cs->closures[n] = (int32_t)db_col_i64(st, 0);
		cs->notes[n] = xstrdup(db_col_text(st, 1));
		n++;
	}
	db_reset(st);
	cs->cal.closures = cs->closures;
	cs->cal.nclosures = n;
	if (rc == DB_ERROR) {
		calendar_release(cs);
		return -1;
	}
	return 0;
}

void
calendar_release(struct calendar_store *cs)
{
	size_t	 i;

	for (i = 0; i < cs->cal.nclosures; i++)
		free(cs->notes[i]);
	free(cs->notes);
	free(cs->closures);
	memset(cs, 0, sizeof(*cs));
}
