/*
 * Persons and case files: what the capability's files share.  The SQL
 * every part needs (sealed values, a case's head and who may see it, the
 * time line, tasks) lives in case_store.c; each API file keeps the
 * statements only it runs.
 *
 * Who may see a case: consultants and coordinators see every case that is
 * not sealed; a sealed case only its key consultant and the staff named
 * on it.  Everyone else is answered 403 and the attempt is audited.
 */
#ifndef HAVEN_CASES_H
#define HAVEN_CASES_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "db/db.h"
#include "http/http.h"
#include "http/jv.h"

#define REFERENCE_MAX	16	/* "2026/0042" */
#define NOTE_MAX	4000
#define TITLE_MAX	200

extern const struct route	person_routes[];
extern const size_t		person_nroutes;
extern const struct route	person_search_routes[];
extern const size_t		person_search_nroutes;
extern const struct route	person_merge_routes[];
extern const size_t		person_merge_nroutes;
extern const struct route	case_routes[];
extern const size_t		case_nroutes;
extern const struct route	register_routes[];
extern const size_t		register_nroutes;
extern const struct route	track_routes[];
extern const size_t		track_nroutes;
extern const struct route	task_routes[];
extern const size_t		task_nroutes;

/* What every part needs to know of a case before it touches it. */
struct case_head {
	int64_t		 id;
	char		 reference[REFERENCE_MAX];
	int64_t		 person_id;
	char		 pseudonym[12];
	bool		 minor;
	bool		 sealed;
	int64_t		 key_consultant_id;
	char		 status[32];
	int64_t		 version;
};

void	 case_reference(int64_t year, int64_t number, char out[REFERENCE_MAX]);

/*
 * Load case id and check that the caller may see it: 1 when they may; -1
 * when it has answered (404, 403 with a "denied" audit entry, 503).
 */
int	 case_open(struct req *, struct db *, int64_t id, struct case_head *)
	    __attribute__((warn_unused_result));
/* Load a case's head without checking access: 1, 0 none, -1 error. */
int	 case_head_get(struct db *, int64_t id, struct case_head *)
	    __attribute__((warn_unused_result));
/* May user u (role) see a sealed case?  Key consultant or named. */
int	 case_named(struct db *, int64_t case_id, int64_t key_id, int64_t u,
	    bool *out) __attribute__((warn_unused_result));

/*
 * Seal text (may be NULL: stores NULL) for (table, column, id) and run
 * update_sql ("UPDATE t SET column = ? WHERE id = ?").
 */
int	 sealed_put(struct db *, const char *update_sql, const char *table,
	    const char *column, int64_t id, const char *text)
	    __attribute__((warn_unused_result));
/*
 * Open column col of the current row: a new string in *out (NULL when SQL
 * NULL).  -1 with the db failed when it does not open.
 */
int	 sealed_get(struct db *, struct db_stmt *, int col, const char *table,
	    const char *column, int64_t id, char **out)
	    __attribute__((warn_unused_result));
/* The same, parsed as JSON; json_null() for SQL NULL. */
int	 sealed_get_json(struct db *, struct db_stmt *, int col,
	    const char *table, const char *column, int64_t id, json_t **out)
	    __attribute__((warn_unused_result));
/* Wipe and free a string that held personal data. */
void	 wipe_free(char *);

/*
 * Add an event to a case's time line (inside a write transaction); text
 * is sealed; a note's words are also indexed for the note search.
 */
int	 case_event_add(struct db *, int64_t case_id, int64_t by,
	    const char *kind, int64_t contact_id, const char *text)
	    __attribute__((warn_unused_result));
/* The same, telling the new event's id. */
int	 case_event_add_id(struct db *, int64_t case_id, int64_t by,
	    const char *kind, int64_t contact_id, const char *text,
	    int64_t *id) __attribute__((warn_unused_result));
/* Touch a case: version + 1, updated_at now. */
int	 case_touch(struct db *, int64_t case_id)
	    __attribute__((warn_unused_result));

/*
 * Make the search tokens of event id anew from its clear text pt (after a
 * key rotation changed the blind key); events other than notes have none.
 */
int	 note_reindex(struct db *, int64_t id, const char *pt)
	    __attribute__((warn_unused_result));
/* The note-search token of a word (a keyed hash cut to TOKEN_BITS). */
#define TOKEN_BITS	20
int64_t	 note_token(const char *word, size_t len);

/* Tasks: a deadline made or moved by the legal track (task_api.c). */
int	 task_deadline_put(struct db *, int64_t case_id, const char *source,
	    const char *title, const char *event_on, const char *due_on,
	    int64_t assignee, int64_t by)
	    __attribute__((warn_unused_result));
/* Close the deadline tasks of a case whose source starts with prefix and
 * is not in keep (NULL-terminated). */
int	 task_deadline_prune(struct db *, int64_t case_id, const char *prefix,
	    const char *const *keep, int64_t by)
	    __attribute__((warn_unused_result));
/* The open tasks of a case (or of the caller, case_id 0) as JSON rows. */
int	 task_rows(struct req *, struct db *, int64_t case_id, int64_t user_id,
	    bool open_only, json_t *out) __attribute__((warn_unused_result));

/*
 * Identity search (person_search_api.c): the one index key a search body
 * names (name + date of birth, phone, document, e-mail; -1 when answered).
 */
extern const struct jv_field identity_search_fields[];
int	 identity_search_key(struct req *, const json_t *, char key[512])
	    __attribute__((warn_unused_result));

/*
 * A person's identity in the database (identity_store.c): the sealed
 * document and its blind indexes.  A look-up finds at most
 * IDENTITY_FOUND_MAX persons.
 */
#define IDENTITY_FOUND_MAX	20
/*
 * Replace person id's sealed identity and its index rows (inside a write
 * transaction).  0, or -1 with the db failed.
 */
int	 identity_store(struct db *, int64_t id, const json_t *identity)
	    __attribute__((warn_unused_result));
/*
 * The persons whose identity has index key key (a merged person as its
 * survivor): up to max ids in ids, their number in *n.  0, -1 on error.
 */
int	 identity_find(struct db *, const char *key, int64_t *ids, size_t max,
	    size_t *n) __attribute__((warn_unused_result));
/*
 * The persons not merged away who share a key with an identity document,
 * the likely duplicates of a new one: on success *out is a new array the
 * caller owns of {id, pseudonym, matched: [kind, ...]}; on -1 (the db
 * failed) *out is NULL.
 */
int	 identity_duplicates(struct db *, const json_t *identity, json_t **out)
	    __attribute__((warn_unused_result));

/*
 * A case's pathway (14 items in order) and what is missing of it, and its
 * legal track (track_api.c).
 */
int	 pathway_load(struct db *, int64_t case_id, json_t **items,
	    json_t **missing) __attribute__((warn_unused_result));
int	 legal_load(struct db *, int64_t case_id, bool minor, json_t **out)
	    __attribute__((warn_unused_result));

/* The clear attributes of a person (for statistics). */
struct person_attrs {
	char		 sex[16];
	int64_t		 birth_year;	/* 0: unknown */
	bool		 minor;
	char		 citizenship[3];
	char		 languages[64];	/* comma-separated */
};

/*
 * The whole person id as user uid sees them (person_api.c): attributes,
 * with full the identity and safe-contact protocol opened (the caller
 * audits the read), the cases uid may see (sealed others restricted) and
 * the persons merged into it.  1 found with *out a new object the caller
 * decrefs, 0 not found, -1 on error (the db failed); *out NULL but on 1.
 */
int	 person_load_as(int64_t uid, struct db *, int64_t id, bool full,
	    json_t **out) __attribute__((warn_unused_result));

/*
 * The writes behind the routes, for the routes and the demo data: each runs
 * inside a write transaction and leaves auditing to its caller.
 */
int	 person_insert(struct db *, const struct person_attrs *,
	    const json_t *identity, const json_t *safe, int64_t by,
	    int64_t *id) __attribute__((warn_unused_result));
struct case_new {
	int64_t		 person_id, contact_id, key_id, by, year;
	int64_t		 forms;
	char		 origin[31], transit[31], exploitation[31];
	bool		 urgent;
};
int	 case_insert(struct db *, const struct case_new *, int64_t *id)
	    __attribute__((warn_unused_result));
/*
 * Set a case's status (the caller checked the transition).  closing: the
 * status it leaves (before) and the reason are kept.  1 done, 0 the
 * version is stale, -1 error.
 */
int	 case_status_set(struct db *, int64_t id, int64_t version,
	    const char *to, const char *before, const char *reason,
	    int64_t by) __attribute__((warn_unused_result));
int	 pathway_put(struct db *, int64_t case_id, const char *item,
	    const json_t *body, int64_t by) __attribute__((warn_unused_result));
int	 legal_put(struct db *, int64_t case_id, const char *kind,
	    const json_t *doc, int64_t key_id, bool minor, int64_t by)
	    __attribute__((warn_unused_result));
int	 task_insert(struct db *, int64_t case_id, int64_t person_id,
	    int64_t contact_id, const char *kind, const char *source,
	    const char *title, const char *due_on, int64_t assignee,
	    int64_t by, int64_t *id) __attribute__((warn_unused_result));

/* Does case (contact) id exist?  1, 0, -1 on error. */
int	 case_exists(struct db *, int64_t id)
	    __attribute__((warn_unused_result));
int	 contact_exists(struct db *, int64_t id)
	    __attribute__((warn_unused_result));
/* Is case id flagged urgent?  1, 0, -1 on error. */
int	 case_urgent(struct db *, int64_t id)
	    __attribute__((warn_unused_result));
/* The pseudonym of person id: 1 found, 0 not, -1 on error. */
int	 person_pseudonym(struct db *, int64_t id, char out[12])
	    __attribute__((warn_unused_result));
/*
 * Phone look-up (person_search_api.c).  The person a caller's number
 * belongs to (for the call screen): null, or pseudonym, safe-contact
 * protocol (its read audited) and the cases the caller may see with their
 * key facts.
 */
int	 person_by_phone(struct req *, struct db *, const char *phone,
	    json_t **out) __attribute__((warn_unused_result));
/* The person a normalised number belongs to (a merged one as its
 * survivor): 1 found, 0 not, -1 on error. */
int	 person_find_phone(struct db *, const char *phone, int64_t *id)
	    __attribute__((warn_unused_result));
/*
 * What a call screen shows user uid of person id: id, pseudonym, the
 * safe-contact protocol (opened; the caller audits the read) and the cases
 * with the key facts uid may see.  1, 0 no such person, -1 on error.
 */
int	 person_pop_json(struct db *, int64_t uid, int64_t id, json_t **out)
	    __attribute__((warn_unused_result));

/* The exploitation codes of a bit set (case_api.c). */
json_t	*forms_json(int64_t forms);

/* Helpers for answers. */
json_t	*user_json(int64_t id, const char *username);	/* null for 0 */
json_t	*str_or_null(const char *);	/* null for NULL or "" */
/* A comma-separated list ("uk,ru") as a JSON array; empty items skipped. */
json_t	*csv_json(const char *);
/* A path's {id}; 404 answered when absent. */
bool	 path_int(struct req *, const char *, int64_t *);
/* today in Warsaw as "YYYY-MM-DD" */
void	 today_iso(char out[11]);

#endif
