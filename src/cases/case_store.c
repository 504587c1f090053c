/*
 * What the parts of the cases capability share: sealed values, a case's
 * head and the check of who may see it, the time line (see cases.h).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "cases/identity.h"
#include "cases/legal.h"
#include "crypto/field.h"
#include "hotline/calendar.h"
#include "hotline/hotline.h"

enum store_stmt {
	STORE_HEAD,
	STORE_NAMED,
	STORE_EVENT,
	STORE_EVENT_SEAL,
	STORE_TOKEN,
	STORE_TOUCH,
	STORE_TOKENS_DELETE,
	STORE_IS_NOTE,
	STORE_PERSON_EXISTS,
	STORE_CASE_EXISTS,
	STORE_CONTACT_EXISTS,
	STORE_URGENT,
	STORE__MAX
};

static const char *const store_sql[STORE__MAX] = {
	[STORE_HEAD] = "SELECT c.id, c.year, c.number, c.person_id, "
	    "p.pseudonym, p.minor, c.sealed, c.key_consultant_id, c.status, "
	    "c.version FROM case_file c JOIN person p ON p.id = c.person_id "
	    "WHERE c.id = ?",
	[STORE_NAMED] = "SELECT count(*) FROM case_access "
	    "WHERE case_id = ? AND user_id = ?",
	[STORE_EVENT] = "INSERT INTO case_event (case_id, at, user_id, kind, "
	    "contact_id) VALUES (?, ?, ?, ?, ?) RETURNING id",
	[STORE_EVENT_SEAL] = "UPDATE case_event SET text = ? WHERE id = ?",
	[STORE_TOKEN] = "INSERT INTO note_token (token, event_id) "
	    "VALUES (?, ?) ON CONFLICT DO NOTHING",
	[STORE_TOUCH] = "UPDATE case_file SET version = version + 1, "
	    "updated_at = ? WHERE id = ?",
	[STORE_TOKENS_DELETE] = "DELETE FROM note_token WHERE event_id = ?",
	[STORE_IS_NOTE] = "SELECT count(*) FROM case_event WHERE id = ? "
	    "AND kind = 'note'",
	[STORE_PERSON_EXISTS] = "SELECT pseudonym FROM person WHERE id = ?",
	[STORE_CASE_EXISTS] = "SELECT count(*) FROM case_file WHERE id = ?",
	[STORE_CONTACT_EXISTS] = "SELECT count(*) FROM contact WHERE id = ?",
	[STORE_URGENT] = "SELECT urgent FROM case_file WHERE id = ?",
};

static int
store_count(struct db *db, enum store_stmt which, int64_t id)
{
	struct db_stmt	*st;
	int64_t		 n = 0;

	if ((st = db_prepare(db, store_sql[which])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if (db_one_i64(st, &n) == -1)
		return -1;
	return n > 0;
}

int
person_pseudonym(struct db *db, int64_t id, char out[12])
{
	struct db_stmt	*st;
	int		 rc;

	out[0] = '\0';
	if ((st = db_prepare(db, store_sql[STORE_PERSON_EXISTS])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) == 1) {
		snprintf(out, 12, "%s", db_col_text(st, 0));
		db_reset(st);
	}
	return rc;
}

int
case_exists(struct db *db, int64_t id)
{
	return store_count(db, STORE_CASE_EXISTS, id);
}

int
contact_exists(struct db *db, int64_t id)
{
	return store_count(db, STORE_CONTACT_EXISTS, id);
}

int
case_urgent(struct db *db, int64_t id)
{
	return store_count(db, STORE_URGENT, id);
}

void
case_reference(int64_t year, int64_t number, char out[REFERENCE_MAX])
{
	snprintf(out, REFERENCE_MAX, "%04lld/%04lld", (long long)year,
	    (long long)number);
}

void
wipe_free(char *s)
{
	if (s != NULL) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

int
sealed_put(struct db *db, const char *update_sql, const char *table,
    const char *column, int64_t id, const char *text)
{
	struct db_stmt	*st;
	unsigned char	*sealed = NULL;
	size_t		 len = 0;
	int		 rc;

	if (text != NULL && field_seal(table, column, id, text, strlen(text),
	    &sealed, &len) == -1) {
		db_fail(db, ERR_IO, "cannot seal %s.%s", table, column);
		return -1;
	}
	if ((st = db_prepare(db, update_sql)) == NULL) {
		free(sealed);
		return -1;
	}
	if (sealed != NULL)
		db_bind_blob(st, 1, sealed, len);
	else
		db_bind_null(st, 1);
	db_bind_i64(st, 2, id);
	rc = db_done(st);
	free(sealed);
	return rc;
}

int
sealed_get(struct db *db, struct db_stmt *st, int col, const char *table,
    const char *column, int64_t id, char **out)
{
	struct buf	 b;
	const void	*p;
	size_t		 n;

	*out = NULL;
	if (db_col_null(st, col))
		return 0;
	p = db_col_blob(st, col, &n);
	buf_init(&b, FIELD_MAX);
	if (field_open(table, column, id, p, n, &b) == -1) {
		buf_release(&b);
		db_fail(db, ERR_INVALID, "%s %lld: %s does not open: wrong key "
		    "file?", table, (long long)id, column);
		return -1;
	}
	*out = buf_detach(&b, NULL);
	return 0;
}

int
sealed_get_json(struct db *db, struct db_stmt *st, int col,
    const char *table, const char *column, int64_t id, json_t **out)
{
	char	*s;

	*out = NULL;
	if (sealed_get(db, st, col, table, column, id, &s) == -1)
		return -1;
	if (s == NULL) {
		*out = json_null();
		return 0;
	}
	*out = json_loads(s, 0, NULL);
	wipe_free(s);
	if (*out == NULL) {
		db_fail(db, ERR_INVALID, "%s %lld: %s is not JSON", table,
		    (long long)id, column);
		return -1;
	}
	return 0;
}

int
case_named(struct db *db, int64_t case_id, int64_t key_id, int64_t u,
    bool *out)
{
	struct db_stmt	*st;
	int64_t		 n = 0;

	*out = key_id != 0 && key_id == u;
	if (*out)
		return 0;
	if ((st = db_prepare(db, store_sql[STORE_NAMED])) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id);
	db_bind_i64(st, 2, u);
	if (db_one_i64(st, &n) == -1)
		return -1;
	*out = n > 0;
	return 0;
}

int
case_head_get(struct db *db, int64_t id, struct case_head *h)
{
	struct db_stmt	*st;
	int		 rc;

	memset(h, 0, sizeof(*h));
	if ((st = db_prepare(db, store_sql[STORE_HEAD])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_row(st)) != 1)
		return rc;
	h->id = db_col_i64(st, 0);
	case_reference(db_col_i64(st, 1), db_col_i64(st, 2), h->reference);
	h->person_id = db_col_i64(st, 3);
	snprintf(h->pseudonym, sizeof(h->pseudonym), "%s", db_col_text(st, 4));
	h->minor = db_col_i64(st, 5) != 0;
	h->sealed = db_col_i64(st, 6) != 0;
	h->key_consultant_id = db_col_i64(st, 7);
	snprintf(h->status, sizeof(h->status), "%s", db_col_text(st, 8));
	h->version = db_col_i64(st, 9);
	db_reset(st);
	return 1;
}

int
case_open(struct req *r, struct db *db, int64_t id, struct case_head *h)
{
	bool	 named;
	int	 rc;

	if ((rc = case_head_get(db, id, h)) == -1)
		return req_dberror(r, db_err(db));
	if (rc == 0)
		return req_error(r, API_ENOTFOUND, NULL, NULL);
	if (!h->sealed)
		return 1;
	if (case_named(db, id, h->key_consultant_id, r->user_id, &named) == -1)
		return req_dberror(r, db_err(db));
	if (named)
		return 1;
	auth_audit(r, "case.read", "case", id, "denied", "sealed");
	return req_error(r, API_EFORBIDDEN, NULL, "This case is sealed: only "
	    "its key consultant and the staff named on it may open it.");
}

int64_t
note_token(const char *word, size_t len)
{
	unsigned char	 h[BLIND_BYTES];

	blind_index("note", word, len, h);
	return ((int64_t)h[0] << 16 | (int64_t)h[1] << 8 | h[2]) &
	    ((1 << TOKEN_BITS) - 1);
}

struct token_job {
	struct db	*db;
	int64_t		 event_id;
};

static int
token_add(const char *word, size_t len, void *arg)
{
	struct token_job	*j = arg;
	struct db_stmt		*st;

	if ((st = db_prepare(j->db, store_sql[STORE_TOKEN])) == NULL)
		return -1;
	db_bind_i64(st, 1, note_token(word, len));
	db_bind_i64(st, 2, j->event_id);
	return db_done(st);
}

int
case_event_add(struct db *db, int64_t case_id, int64_t by, const char *kind,
    int64_t contact_id, const char *text)
{
	int64_t	 id;

	return case_event_add_id(db, case_id, by, kind, contact_id, text, &id);
}

int
case_event_add_id(struct db *db, int64_t case_id, int64_t by,
    const char *kind, int64_t contact_id, const char *text, int64_t *out)
{
	struct db_stmt		*st;
	struct token_job	 j;
	int64_t			 id;

	if ((st = db_prepare(db, store_sql[STORE_EVENT])) == NULL)
		return -1;
	db_bind_i64(st, 1, case_id);
	db_bind_i64(st, 2, clock_now());
	if (by != 0)
		db_bind_i64(st, 3, by);
	else
		db_bind_null(st, 3);
	db_bind_str(st, 4, kind);
	if (contact_id != 0)
		db_bind_i64(st, 5, contact_id);
	else
		db_bind_null(st, 5);
	if (db_one_i64(st, &id) != 1)
		return -1;
	*out = id;
	if (text == NULL)
		return 0;
	if (sealed_put(db, store_sql[STORE_EVENT_SEAL], "case_event", "text",
	    id, text) == -1)
		return -1;
	if (strcmp(kind, "note") != 0)
		return 0;
	j.db = db;
	j.event_id = id;
	return identity_words(text, token_add, &j) == -1 ? -1 : 0;
}

int
note_reindex(struct db *db, int64_t id, const char *pt)
{
	struct token_job	 j = { db, id };
	struct db_stmt		*st;
	int			 rc;

	if ((rc = store_count(db, STORE_IS_NOTE, id)) != 1)
		return rc;
	if ((st = db_prepare(db, store_sql[STORE_TOKENS_DELETE])) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if (db_done(st) == -1)
		return -1;
	return identity_words(pt, token_add, &j) == -1 ? -1 : 0;
}

int
case_touch(struct db *db, int64_t case_id)
{
	struct db_stmt	*st;

	if ((st = db_prepare(db, store_sql[STORE_TOUCH])) == NULL)
		return -1;
	db_bind_i64(st, 1, clock_now());
	db_bind_i64(st, 2, case_id);
	return db_done(st);
}

json_t *
user_json(int64_t id, const char *username)
{
	if (id == 0)
		return json_null();
	return json_pack("{s:I, s:s}", "id", (json_int_t)id, "username",
	    username != NULL ? username : "");
}

json_t *
csv_json(const char *csv)
{
	json_t		*a = json_array();
	const char	*p, *end;

	for (p = csv; p != NULL && *p != '\0'; p = *end == ',' ? end + 1 :
	    end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (end > p)
			json_array_append_new(a, json_stringn(p,
			    (size_t)(end - p)));
	}
	return a;
}

json_t *
str_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? json_string(s) : json_null();
}

bool
path_int(struct req *r, const char *name, int64_t *out)
{
	if (route_param_int(&r->params, name, out))
		return true;
	req_error(r, API_ENOTFOUND, NULL, NULL);
	return false;
}

void
today_iso(char out[11])
{
	struct cal_local	 l = cal_to_local(clock_now());

	date_format(l.date, out);
}
