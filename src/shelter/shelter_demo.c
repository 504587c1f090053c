/*
 * The demo's shelters: the centre's own "Przykładowe schronienie A" (two
 * rooms of three beds) and a partner crisis intervention centre, with a
 * person staying, one expected next week, one who has left, a bed out of
 * service and a safety incident.  Fictional, marked "[DEMO]" and
 * "Przykładowe"; the demo cases are found by their status, not their ids.
 */
#include <stdio.h>
#include <string.h>

#include "app/demo.h"
#include "auth/user.h"
#include "hotline/calendar.h"
#include "hotline/hotline.h"
#include "shelter/shelter.h"

static const char *const sql_demo_case = "SELECT id FROM case_file WHERE "
    "status = ? AND sealed = 0 ORDER BY id LIMIT 1";

/* The first unsealed demo case of a status: 1, 0 none, -1 error. */
static int
demo_case(struct db *db, const char *status, int64_t *id)
{
	struct db_stmt	*st;

	*id = 0;
	if ((st = db_prepare(db, sql_demo_case)) == NULL)
		return -1;
	db_bind_str(st, 1, status);
	return db_one_i64(st, id);
}

int
shelter_demo(struct db *db, const struct demo_ctx *d)
{
	static const char *const rooms[] = { "Pokój 1", "Pokój 2" };
	static const char *const labels[2][3] = {
		{ "1A", "1B", "1C" }, { "2A", "2B", "2C" }
	};
	struct user	 u;
	int64_t		 a, b, room, beds[2][3], partner_beds[2], id;
	int64_t		 today = cal_days(cal_to_local(d->now).date);
	int64_t		 current, expected, left, placed = 0, by;
	json_t		*incident;
	char		 at[48];
	int		 i, k, rc;

	by = d->coordinator;
	if (shelter_insert(db, by, "Przykładowe schronienie A", "own",
	    "[DEMO] ul. Przykładowa 1, 00-001 Przykładowo", &a) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		if (shelter_room_insert(db, a, rooms[i], by, &room) == -1)
			return -1;
		for (k = 0; k < 3; k++)
			if (shelter_bed_insert(db, a, room, labels[i][k], by,
			    &beds[i][k]) == -1)
				return -1;
	}
	if (shelter_insert(db, by, "Przykładowy ośrodek interwencji "
	    "kryzysowej B", "crisis_centre", "[DEMO] ul. Fikcyjna 2, "
	    "00-002 Przykładowo", &b) == -1 ||
	    shelter_room_insert(db, b, "Pokój interwencyjny", by, &room) ==
	    -1 || shelter_bed_insert(db, b, room, "A", by,
	    &partner_beds[0]) == -1 || shelter_bed_insert(db, b, room, "B", by,
	    &partner_beds[1]) == -1)
		return -1;
	/* Bed 2C is being repaired in the coming days. */
	if (shelter_block_insert(db, a, beds[1][2], today + 1, today + 4,
	    "repair", by) == -1)
		return -1;

	if (demo_case(db, "identified", &current) == -1 ||
	    demo_case(db, "provisional_identification", &expected) == -1 ||
	    demo_case(db, "closed", &left) == -1)
		return -1;
	if (current != 0 && placement_record(db, current, beds[0][0],
	    "active", today - 10, today + 50, 0, NULL, by, &placed) == -1)
		return -1;
	if (expected != 0 && placement_record(db, expected, beds[0][1],
	    "reserved", today + 5, today + 35, 0, NULL, by, &id) == -1)
		return -1;
	if (left != 0 && placement_record(db, left, beds[1][0], "ended",
	    today - 120, today - 60, today - 62, "returned_home", by, &id) ==
	    -1)
		return -1;

	/* An incident, reported by the shelter's staff. */
	if ((rc = user_by_name(db, "demo.shelter", &u)) == -1)
		return -1;
	iso8601_warsaw(d->now - 3 * 86400, at);
	incident = json_pack("{s:s, s:s, s:s, s:s, s:s}", "occurred_at", at,
	    "kind", "threat_from_outside", "severity", "medium",
	    "description", "[DEMO] Fikcyjne zdarzenie: nieznany samochód "
	    "parkował przez dwie godziny naprzeciw wejścia.", "actions",
	    "[DEMO] Powiadomiono koordynatora i dzielnicowego; mieszkanki "
	    "poproszone o korzystanie z wejścia od podwórza.");
	rc = shelter_incident_record(db, a, placed, placed != 0 ? current : 0,
	    incident, rc == 1 ? u.id : by);
	json_decref(incident);
	return rc;
}
