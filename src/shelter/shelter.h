/*
 * The specialist shelter: shelters, rooms and beds, beds out of service,
 * placements of a case's person, safety incidents, occupancy.
 *
 * shelter.c holds the pure rules (what a bed is on a day, which holds of
 * a bed collide, departure dates, occupancy) over day numbers (days since
 * 1970-01-01); shelter_store.c the SQL the API files share;
 * shelter_api.c shelters, the board and occupancy; room_api.c rooms, beds
 * and beds out of service; incident_api.c incidents; placement_api.c
 * placements.  A shelter's address and phone are sealed and answered
 * only to shelter staff, coordinators and the key consultant of a case
 * placed (or reserved) there, each answer audited.
 */
#ifndef HAVEN_SHELTER_H
#define HAVEN_SHELTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "http/router.h"

struct demo_ctx;
struct req;

extern const struct route	shelter_routes[];
extern const size_t		shelter_nroutes;
extern const struct route	room_routes[];
extern const size_t		room_nroutes;
extern const struct route	placement_routes[];
extern const size_t		placement_nroutes;
extern const struct route	incident_routes[];
extern const size_t		incident_nroutes;

#define SHELTER_OPEN	INT64_MAX	/* a hold without an end */
#define SHELTER_BODY_MAX (16 * 1024)	/* a request body of the routes */
#define BOARD_DAYS_MAX	31
#define OCCUPANCY_DAYS_MAX 366

enum bed_state {
	BED_FREE,
	BED_OCCUPIED,		/* someone sleeps there (checked in) */
	BED_RESERVED,		/* kept for someone expected */
	BED_OUT_OF_SERVICE,
	BED_STATE__MAX
};

enum placement_status {
	PLACEMENT_RESERVED,
	PLACEMENT_ACTIVE,	/* checked in */
	PLACEMENT_ENDED,	/* left */
	PLACEMENT_CANCELLED,	/* a reservation that never came */
	PLACEMENT__MAX
};

enum hold_kind {
	HOLD_OCCUPIED,		/* an active or ended placement */
	HOLD_RESERVED,
	HOLD_BLOCK,		/* out of service */
	HOLD__MAX
};

/* What keeps a bed for the nights [from, to): day numbers. */
struct hold {
	int64_t		 id;		/* placement or block id */
	int64_t		 bed_id;
	enum hold_kind	 kind;
	int64_t		 from, to;	/* to: SHELTER_OPEN when open */
};

/* A placement's dates as day numbers; 0 when absent. */
struct stay {
	enum placement_status	 status;
	int64_t			 check_in, planned, actual;
};

const char	*bed_state_code(enum bed_state);
const char	*placement_status_code(enum placement_status);
int		 placement_status_parse(const char *, enum placement_status *)
		    __attribute__((warn_unused_result));

/* "YYYY-MM-DD" to a day number and back; -1 when not a real date. */
int		 shelter_day(const char *, int64_t *)
		    __attribute__((warn_unused_result));
void		 shelter_day_format(int64_t, char out[11]);

/*
 * The nights a placement holds, given today: an ended stay up to its
 * actual departure; an active one up to its planned departure, but never
 * before tomorrow (someone who has not left yet is still there), open
 * without a plan; a reservation from its check-in to its planned
 * departure (open without one).  false for a cancelled one.
 */
bool		 shelter_stay_hold(const struct stay *, int64_t today,
		    struct hold *);
/* A block from..to (both included) as a hold. */
void		 shelter_block_hold(int64_t from, int64_t to, struct hold *);

/*
 * The state of a bed on a day from its holds (any order; holds of other
 * beds are skipped when bed_id is not 0): occupied before reserved before
 * out of service.  *which (may be NULL) gets the hold's index, or -1.
 */
enum bed_state	 shelter_day_state(const struct hold *, size_t n,
		    int64_t bed_id, int64_t day, long *which);

/*
 * The first hold of the same bed that shares a night with c, leaving out
 * the hold with c's id and kind (the one being changed); NULL when none.
 */
const struct hold *shelter_conflict(const struct hold *, size_t n,
		    const struct hold *c);

enum departure_check {
	DEPART_OK,
	DEPART_BEFORE_CHECK_IN,
	DEPART_IN_FUTURE,
	DEPART__MAX
};
/* May someone checked in on check_in leave on day?  Not before check-in,
 * not after today. */
enum departure_check shelter_departure_check(int64_t check_in, int64_t day,
		    int64_t today);

/*
 * The occupancy of a bed over the days from..to (both included): nights
 * available (not out of service) and nights occupied.  Counts add to
 * *available and *occupied.
 */
void		 shelter_occupancy(const struct hold *, size_t n,
		    int64_t bed_id, int64_t from, int64_t to,
		    int64_t *available, int64_t *occupied);

/* ---- shelter_store.c: what the API files share. */

/* A shelter's head. */
struct shelter_head {
	int64_t		 id;
	char		 name[128];
	char		 kind[24];
	bool		 active;
	int64_t		 version;
};
/* 1 found, 0 none, -1 error. */
int	 shelter_head_get(struct db *, int64_t id, struct shelter_head *)
	    __attribute__((warn_unused_result));
/* shelter_api.c: the shelter of the path, 1; or -1 when answered (404). */
int	 shelter_open(struct req *, struct db *, struct shelter_head *);
/*
 * The count that sql (a "SELECT count(*)" of the caller's table) gives
 * for a, and b as a second parameter unless b is 0: 0 with *n set, or -1
 * (*n 0).
 */
int	 shelter_count(struct db *, const char *sql, int64_t a, int64_t b,
	    int64_t *n) __attribute__((warn_unused_result));
/*
 * The holds of one bed (bed_id) or of every bed of a shelter (bed_id 0)
 * that reach the days from..to (SHELTER_OPEN: no limit), given today.  On
 * success *out is a new array the caller frees with free().
 */
int	 shelter_holds(struct db *, int64_t shelter_id, int64_t bed_id,
	    int64_t from, int64_t to, int64_t today, struct hold **out,
	    size_t *n) __attribute__((warn_unused_result));
/* Today in Warsaw as a day number. */
int64_t	 shelter_today(void);
/* A placement as JSON (with notes when notes is not NULL); new reference.
 * The statement's row is PLACEMENT_COLUMNS. */
json_t	*placement_row_json(struct db_stmt *, const char *notes);
#define PLACEMENT_COLUMNS \
	"p.id, p.status, p.check_in, p.planned_departure, " \
	"p.actual_departure, p.leaving_reason, p.version, p.case_id, " \
	"c.year, c.number, c.sealed, p.person_id, pe.pseudonym, " \
	"c.key_consultant_id, ku.username, p.shelter_id, s.name, p.bed_id, " \
	"b.label, r.name, p.created_at, p.updated_at, p.notes "
#define PLACEMENT_FROM \
	"FROM placement p JOIN case_file c ON c.id = p.case_id " \
	"JOIN person pe ON pe.id = p.person_id " \
	"LEFT JOIN app_user ku ON ku.id = c.key_consultant_id " \
	"JOIN shelter s ON s.id = p.shelter_id " \
	"JOIN shelter_bed b ON b.id = p.bed_id " \
	"JOIN shelter_room r ON r.id = b.room_id "
#define PLACEMENT_NOTES_COL	22

/*
 * The writes behind the routes, for the demo data (each inside a write
 * transaction, audited as the routes audit them).  shelter_block_insert
 * fails on a collision; shelter_incident_record takes a body as the API
 * does.
 */
int	 shelter_insert(struct db *, int64_t by, const char *name,
	    const char *kind, const char *address, int64_t *id)
	    __attribute__((warn_unused_result));
int	 shelter_room_insert(struct db *, int64_t shelter_id, const char *name,
	    int64_t by, int64_t *id) __attribute__((warn_unused_result));
int	 shelter_bed_insert(struct db *, int64_t shelter_id, int64_t room_id,
	    const char *label, int64_t by, int64_t *id)
	    __attribute__((warn_unused_result));
int	 shelter_block_insert(struct db *, int64_t shelter_id, int64_t bed_id,
	    int64_t from, int64_t to, const char *reason, int64_t by)
	    __attribute__((warn_unused_result));
int	 shelter_incident_record(struct db *, int64_t shelter_id,
	    int64_t placement_id, int64_t case_id, const json_t *body,
	    int64_t by) __attribute__((warn_unused_result));
/*
 * A placement of case_id's person on bed_id (placement_api.c): reserved,
 * or active (checked in on check_in), ended when actual is not 0.  Fails
 * on a collision.
 */
int	 placement_record(struct db *, int64_t case_id, int64_t bed_id,
	    const char *status, int64_t check_in, int64_t planned,
	    int64_t actual, const char *reason, int64_t by, int64_t *id)
	    __attribute__((warn_unused_result));

/* The demo's shelters and placements (inside the seeding write). */
int	 shelter_demo(struct db *, const struct demo_ctx *)
	    __attribute__((warn_unused_result));

#endif
