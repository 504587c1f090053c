/*
 * The route table of the whole API, gathered from each capability's table.
 * A capability adds its routes here and to api/openapi.json; the routes
 * test fails when the two disagree.
 */
#include <string.h>

#include "app/app.h"
#include "app/system_api.h"
#include "auth/auth.h"
#include "base/xmalloc.h"
#include "cases/cases.h"
#include "hotline/hotline_api.h"
#include "network/consultancy.h"
#include "network/interpreter.h"
#include "network/network.h"
#include "network/prevention.h"
#include "screening/screening.h"
#include "stats/export_api.h"
#include "stats/report.h"
#include "stats/stats_api.h"
#include "shelter/shelter.h"
#include "telephony/telephony.h"

static const struct {
	const struct route	*routes;
	const size_t		*n;
} groups[] = {
	{ system_routes, &system_nroutes },
	{ auth_routes, &auth_nroutes },
	{ users_routes, &users_nroutes },
	{ audit_routes, &audit_nroutes },
	{ contact_routes, &contact_nroutes },
	{ desk_routes, &desk_nroutes },
	{ person_routes, &person_nroutes },
	{ person_search_routes, &person_search_nroutes },
	{ person_merge_routes, &person_merge_nroutes },
	{ case_routes, &case_nroutes },
	{ register_routes, &register_nroutes },
	{ track_routes, &track_nroutes },
	{ task_routes, &task_nroutes },
	{ screening_routes, &screening_nroutes },
	{ risk_routes, &risk_nroutes },
	{ shelter_routes, &shelter_nroutes },
	{ room_routes, &room_nroutes },
	{ placement_routes, &placement_nroutes },
	{ incident_routes, &incident_nroutes },
	{ interpreter_routes, &interpreter_nroutes },
	{ booking_routes, &booking_nroutes },
	{ directory_routes, &directory_nroutes },
	{ consent_routes, &consent_nroutes },
	{ referral_routes, &referral_nroutes },
	{ prevention_routes, &prevention_nroutes },
	{ consultancy_routes, &consultancy_nroutes },
	{ stats_routes, &stats_nroutes },
	{ report_routes, &report_nroutes },
	{ export_routes, &export_nroutes },
	{ telephony_routes, &telephony_nroutes },
};

struct route *
app_routes(size_t *n)
{
	struct route	*t;
	size_t		 i, total = 0, at = 0;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		total += *groups[i].n;
	t = xcalloc(total, sizeof(*t));
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		memcpy(t + at, groups[i].routes, *groups[i].n * sizeof(*t));
		at += *groups[i].n;
	}
	*n = total;
	return t;
}
