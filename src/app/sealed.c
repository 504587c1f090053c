/* The sealed columns and their re-sealing: see sealed.h. */
#include <string.h>

#include "app/sealed.h"
#include "base/buf.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "crypto/field.h"

#define SEALED_BATCH	500

const struct sealed_column sealed_columns[] = {
	{ "app_user", "totp_secret",
	  "SELECT id, totp_secret FROM app_user WHERE id > ? AND "
	  "totp_secret IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE app_user SET totp_secret = ? WHERE id = ?", NULL, NULL, NULL },
	{ "app_user", "totp_pending",
	  "SELECT id, totp_pending FROM app_user WHERE id > ? AND "
	  "totp_pending IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE app_user SET totp_pending = ? WHERE id = ?", NULL, NULL, NULL },
	{ "contact", "urgency_reason",
	  "SELECT id, urgency_reason FROM contact WHERE id > ? AND "
	  "urgency_reason IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE contact SET urgency_reason = ? WHERE id = ?", NULL, NULL, NULL },
	{ "contact", "summary",
	  "SELECT id, summary FROM contact WHERE id > ? AND "
	  "summary IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE contact SET summary = ? WHERE id = ?", NULL, NULL, NULL },
	{ "contact", "caller_number",
	  "SELECT id, caller_number FROM contact WHERE id > ? AND "
	  "caller_number IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE contact SET caller_number = ? WHERE id = ?",
	  "phone", "UPDATE contact SET caller_bidx = ? WHERE id = ?", NULL },
	{ "call_log", "caller_number",
	  "SELECT id, caller_number FROM call_log WHERE id > ? AND "
	  "caller_number IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE call_log SET caller_number = ? WHERE id = ?",
	  "phone", "UPDATE call_log SET caller_bidx = ? WHERE id = ?", NULL },
	{ "contact", "handover_note",
	  "SELECT id, handover_note FROM contact WHERE id > ? AND "
	  "handover_note IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE contact SET handover_note = ? WHERE id = ?", NULL, NULL, NULL },
	{ "contact_revision", "old_values",
	  "SELECT id, old_values FROM contact_revision WHERE id > ? "
	  "ORDER BY id LIMIT ?",
	  "UPDATE contact_revision SET old_values = ? WHERE id = ?", NULL, NULL, NULL },
	{ "person", "identity",
	  "SELECT id, identity FROM person WHERE id > ? AND "
	  "identity IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE person SET identity = ? WHERE id = ?", NULL, NULL, NULL },
	{ "person", "safe_contact",
	  "SELECT id, safe_contact FROM person WHERE id > ? AND "
	  "safe_contact IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE person SET safe_contact = ? WHERE id = ?", NULL, NULL, NULL },
	{ "person_bidx", "value",
	  "SELECT id, value FROM person_bidx WHERE id > ? AND "
	  "value IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE person_bidx SET value = ? WHERE id = ?", "identity",
	  "UPDATE person_bidx SET bidx = ? WHERE id = ?", NULL },
	{ "pathway_item", "notes",
	  "SELECT id, notes FROM pathway_item WHERE id > ? AND "
	  "notes IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE pathway_item SET notes = ? WHERE id = ?", NULL, NULL, NULL },
	{ "legal_item", "doc",
	  "SELECT id, doc FROM legal_item WHERE id > ? AND "
	  "doc IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE legal_item SET doc = ? WHERE id = ?", NULL, NULL, NULL },
	{ "case_event", "text",
	  "SELECT id, text FROM case_event WHERE id > ? AND "
	  "text IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE case_event SET text = ? WHERE id = ?", NULL, NULL,
	  note_reindex },
	{ "task", "title",
	  "SELECT id, title FROM task WHERE id > ? AND "
	  "title IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE task SET title = ? WHERE id = ?", NULL, NULL, NULL },
	{ "screening", "answers",
	  "SELECT id, answers FROM screening WHERE id > ? AND "
	  "answers IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE screening SET answers = ? WHERE id = ?", NULL, NULL, NULL },
	{ "screening", "notes",
	  "SELECT id, notes FROM screening WHERE id > ? AND "
	  "notes IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE screening SET notes = ? WHERE id = ?", NULL, NULL, NULL },
	{ "screening", "reason",
	  "SELECT id, reason FROM screening WHERE id > ? AND "
	  "reason IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE screening SET reason = ? WHERE id = ?", NULL, NULL, NULL },
	{ "risk_assessment", "own_view",
	  "SELECT id, own_view FROM risk_assessment WHERE id > ? AND "
	  "own_view IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE risk_assessment SET own_view = ? WHERE id = ?", NULL, NULL, NULL },
	{ "interpreter", "phone",
	  "SELECT id, phone FROM interpreter WHERE id > ? AND "
	  "phone IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE interpreter SET phone = ? WHERE id = ?", NULL, NULL, NULL },
	{ "interpreter", "email",
	  "SELECT id, email FROM interpreter WHERE id > ? AND "
	  "email IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE interpreter SET email = ? WHERE id = ?", NULL, NULL, NULL },
	{ "interpreter", "notes",
	  "SELECT id, notes FROM interpreter WHERE id > ? AND "
	  "notes IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE interpreter SET notes = ? WHERE id = ?", NULL, NULL, NULL },
	{ "interpreter_booking", "purpose",
	  "SELECT id, purpose FROM interpreter_booking WHERE id > ? AND "
	  "purpose IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE interpreter_booking SET purpose = ? WHERE id = ?", NULL, NULL,
	  NULL },
	{ "consent", "notes",
	  "SELECT id, notes FROM consent WHERE id > ? AND "
	  "notes IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE consent SET notes = ? WHERE id = ?", NULL, NULL, NULL },
	{ "consent", "withdrawal_note",
	  "SELECT id, withdrawal_note FROM consent WHERE id > ? AND "
	  "withdrawal_note IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE consent SET withdrawal_note = ? WHERE id = ?", NULL, NULL, NULL },
	{ "referral", "notes",
	  "SELECT id, notes FROM referral WHERE id > ? AND "
	  "notes IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE referral SET notes = ? WHERE id = ?", NULL, NULL, NULL },
	{ "referral", "outcome",
	  "SELECT id, outcome FROM referral WHERE id > ? AND "
	  "outcome IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE referral SET outcome = ? WHERE id = ?", NULL, NULL, NULL },
	{ "shelter", "address",
	  "SELECT id, address FROM shelter WHERE id > ? AND "
	  "address IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE shelter SET address = ? WHERE id = ?", NULL, NULL, NULL },
	{ "shelter", "phone",
	  "SELECT id, phone FROM shelter WHERE id > ? AND "
	  "phone IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE shelter SET phone = ? WHERE id = ?", NULL, NULL, NULL },
	{ "placement", "notes",
	  "SELECT id, notes FROM placement WHERE id > ? AND "
	  "notes IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE placement SET notes = ? WHERE id = ?", NULL, NULL, NULL },
	{ "shelter_incident", "description",
	  "SELECT id, description FROM shelter_incident WHERE id > ? AND "
	  "description IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE shelter_incident SET description = ? WHERE id = ?", NULL, NULL, NULL },
	{ "shelter_incident", "actions",
	  "SELECT id, actions FROM shelter_incident WHERE id > ? AND "
	  "actions IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE shelter_incident SET actions = ? WHERE id = ?", NULL, NULL, NULL },
	{ "prevention_consultation", "notes",
	  "SELECT id, notes FROM prevention_consultation WHERE id > ? AND "
	  "notes IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE prevention_consultation SET notes = ? WHERE id = ?", NULL,
	  NULL, NULL },
	{ "institution_consultation", "notes",
	  "SELECT id, notes FROM institution_consultation WHERE id > ? AND "
	  "notes IS NOT NULL ORDER BY id LIMIT ?",
	  "UPDATE institution_consultation SET notes = ? WHERE id = ?", NULL,
	  NULL, NULL },
};
const size_t sealed_ncolumns = sizeof(sealed_columns) /
    sizeof(sealed_columns[0]);

struct sealed_batch {
	const struct sealed_column	*col;
	int64_t				 after;		/* in: last id done */
	int64_t				 last;		/* out */
	int64_t				 rows, resealed;
};

/* Re-seal one value under the current key. */
static int
sealed_one(struct db *db, const struct sealed_column *c, int64_t id,
    const void *blob, size_t n, struct err *e)
{
	struct db_stmt	*st;
	struct buf	 pt;
	unsigned char	*out = NULL;
	size_t		 outlen;

	buf_init(&pt, FIELD_MAX);
	if (field_open(c->table, c->column, id, blob, n, &pt) == -1) {
		buf_release(&pt);
		err_set(e, ERR_INVALID, "%s.%s of row %lld does not open with "
		    "any key in the key file", c->table, c->column,
		    (long long)id);
		return -1;
	}
	if (field_seal(c->table, c->column, id, pt.data, pt.len, &out,
	    &outlen) == -1) {
		buf_release(&pt);
		err_set(e, ERR_IO, "cannot seal");
		return -1;
	}
	if (c->reindex != NULL && c->reindex(db, id, pt.data) == -1) {
		buf_release(&pt);
		free(out);
		return -1;
	}
	if (c->bidx_sql != NULL) {
		unsigned char	 bidx[BLIND_BYTES];

		blind_index(c->bidx_domain, pt.data, pt.len, bidx);
		if ((st = db_prepare(db, c->bidx_sql)) == NULL) {
			buf_release(&pt);
			free(out);
			return -1;
		}
		db_bind_blob(st, 1, bidx, sizeof(bidx));
		db_bind_i64(st, 2, id);
		if (db_done(st) == -1) {
			buf_release(&pt);
			free(out);
			return -1;
		}
	}
	buf_release(&pt);
	if ((st = db_prepare(db, c->update_sql)) == NULL) {
		free(out);
		return -1;
	}
	db_bind_blob(st, 1, out, outlen);
	db_bind_i64(st, 2, id);
	free(out);
	return db_done(st);
}

static int
sealed_batch_job(struct db *db, void *arg, struct err *e)
{
	struct sealed_batch	*b = arg;
	struct db_stmt		*st;
	uint32_t		 current = field_keyring()->id[0];
	int64_t			 ids[SEALED_BATCH];
	unsigned char		*blobs[SEALED_BATCH];
	size_t			 lens[SEALED_BATCH];
	enum db_step_rc		 rc;
	int			 n = 0, i, ret = 0;
	const void		*p;

	b->rows = b->resealed = 0;
	b->last = b->after;
	if ((st = db_prepare(db, b->col->page_sql)) == NULL)
		return -1;
	db_bind_i64(st, 1, b->after);
	db_bind_i64(st, 2, SEALED_BATCH);
	/* Copy the page out first: the updates reuse the connection. */
	while ((rc = db_step(st)) == DB_ROW && n < SEALED_BATCH) {
		ids[n] = db_col_i64(st, 0);
		p = db_col_blob(st, 1, &lens[n]);
		blobs[n] = xmalloc_copy(p, lens[n]);
		n++;
	}
	db_reset(st);
	for (i = 0; i < n && ret == 0; i++) {
		b->rows++;
		b->last = ids[i];
		if (field_key_id(blobs[i], lens[i]) == current)
			continue;
		if ((ret = sealed_one(db, b->col, ids[i], blobs[i], lens[i],
		    e)) == 0)
			b->resealed++;
	}
	for (i = 0; i < n; i++)
		free(blobs[i]);
	return rc == DB_ERROR ? -1 : ret;
}

int
sealed_rotate(struct db *db, int64_t *done, struct err *e)
{
	struct sealed_batch	 b;
	size_t			 i;

	*done = 0;
	for (i = 0; i < sealed_ncolumns; i++) {
		memset(&b, 0, sizeof(b));
		b.col = &sealed_columns[i];
		do {
			b.after = b.last;
			if (db_tx_run(db, DB_TX_WRITE, sealed_batch_job, &b,
			    e) == -1)
				return -1;
			*done += b.resealed;
		} while (b.rows == SEALED_BATCH);
	}
	return 0;
}
