/*
 * The rules of preventive counselling (prevention.h): which answers are
 * red flags, which are open questions, the risk level, the advice points,
 * and the sheet built from data/advice_sheet.json.  Pure: no SQL, no HTTP,
 * no clock.  The codes below are the ones the enumerations of
 * src/hotline/enums.c and the sheet's texts use (prevention_test.c and
 * data/check_advice_sheet.py check both).
 */
#include <stdio.h>
#include <string.h>

#include "network/prevention.h"

/* codes: flags (the prevention_flag enumeration's, in its order) */
static const char *const flag_codes[PF__MAX] = {
	[PF_DOCUMENTS_WITHHELD] = "documents_withheld",
	[PF_TRAVEL_DEBT] = "travel_debt",
	[PF_FEE_FOR_JOB] = "fee_for_job",
	[PF_AGENCY_NOT_IN_KRAZ] = "agency_not_in_kraz",
	[PF_NO_WRITTEN_CONTRACT] = "no_written_contract",
	[PF_CONTRACT_NOT_UNDERSTOOD] = "contract_not_understood",
	[PF_UNDECLARED_WORK] = "undeclared_work",
	[PF_TRIAL_WITHOUT_CONTRACT] = "trial_without_contract",
	[PF_PAID_IN_ADVANCE] = "paid_in_advance",
	[PF_NO_EMERGENCY_CONTACTS] = "no_emergency_contacts",
	[PF_EMPLOYER_UNVERIFIED] = "employer_unverified",
	[PF_TOO_GOOD_TO_BE_TRUE] = "too_good_to_be_true",
	[PF_PRESSURE_TO_DECIDE] = "pressure_to_decide",
	[PF_ENTERTAINMENT_OFFER] = "entertainment_offer",
};

/* codes: open questions */
static const char *const open_codes[PO__MAX] = {
	[PO_KRAZ] = "kraz",
	[PO_FEE] = "fee",
	[PO_CONTRACT] = "contract",
	[PO_CONTRACT_LANGUAGE] = "contract_language",
	[PO_DOCUMENTS] = "documents",
	[PO_ACCOMMODATION_PAYMENT] = "accommodation_payment",
	[PO_EMERGENCY_CONTACTS] = "emergency_contacts",
};

/* codes: points */
static const char *const point_codes[PP__MAX] = {
	[PP_DOCUMENTS_WITHHELD] = "documents_withheld",
	[PP_NO_TRAVEL_DEBT] = "no_travel_debt",
	[PP_NO_PLACEMENT_FEE] = "no_placement_fee",
	[PP_FEE_RECEIPTS] = "fee_receipts",
	[PP_CHECK_KRAZ] = "check_kraz",
	[PP_WRITTEN_CONTRACT] = "written_contract",
	[PP_CONTRACT_TRANSLATION] = "contract_translation",
	[PP_DECLARED_WORK] = "declared_work",
	[PP_NO_TRIAL_WITHOUT_CONTRACT] = "no_trial_without_contract",
	[PP_NO_ADVANCE_PAYMENT] = "no_advance_payment",
	[PP_VERIFY_EMPLOYER] = "verify_employer",
	[PP_VERIFY_OFFER] = "verify_offer",
	[PP_TAKE_TIME] = "take_time",
	[PP_ENTERTAINMENT_OFFER] = "entertainment_offer",
	[PP_EMERGENCY_PLAN] = "emergency_plan",
	[PP_KEEP_DOCUMENTS] = "keep_documents",
	[PP_CONSULATE] = "consulate",
	[PP_INSURANCE_MONEY] = "insurance_money",
	[PP_IF_THINGS_GO_WRONG] = "if_things_go_wrong",
};

/* codes: levels */
static const char *const level_codes[PL__MAX] = {
	[PL_LOW] = "low",
	[PL_MEDIUM] = "medium",
	[PL_HIGH] = "high",
};

/* codes: the sheet's own texts */
static const char *const sheet_keys[] = {
	"title", "intro", "destination", "date", "risk_heading",
	"flags_heading", "no_flags", "points_heading", "emergency_heading",
	"footer", NULL
};

/* codes: emergency entries */
static const char *const emergency_codes[] = {
	"eu_112", "local", "consulate", "kcik", "la_strada", NULL
};

/* The flags a consultant can add by hand (prevention_signal). */
static const struct {
	const char		*code;
	enum prevention_flag	 flag;
} signals[] = {
	{ "too_good_to_be_true", PF_TOO_GOOD_TO_BE_TRUE },
	{ "pressure_to_decide", PF_PRESSURE_TO_DECIDE },
	{ "trial_without_contract", PF_TRIAL_WITHOUT_CONTRACT },
	{ "undeclared_work", PF_UNDECLARED_WORK },
	{ "travel_debt", PF_TRAVEL_DEBT },
	{ "employer_unverified", PF_EMPLOYER_UNVERIFIED },
};

/* Which point answers which flag, and which open question. */
static const enum prevention_point flag_point[PF__MAX] = {
	[PF_DOCUMENTS_WITHHELD] = PP_DOCUMENTS_WITHHELD,
	[PF_TRAVEL_DEBT] = PP_NO_TRAVEL_DEBT,
	[PF_FEE_FOR_JOB] = PP_NO_PLACEMENT_FEE,
	[PF_AGENCY_NOT_IN_KRAZ] = PP_CHECK_KRAZ,
	[PF_NO_WRITTEN_CONTRACT] = PP_WRITTEN_CONTRACT,
	[PF_CONTRACT_NOT_UNDERSTOOD] = PP_CONTRACT_TRANSLATION,
	[PF_UNDECLARED_WORK] = PP_DECLARED_WORK,
	[PF_TRIAL_WITHOUT_CONTRACT] = PP_NO_TRIAL_WITHOUT_CONTRACT,
	[PF_PAID_IN_ADVANCE] = PP_NO_ADVANCE_PAYMENT,
	[PF_NO_EMERGENCY_CONTACTS] = PP_EMERGENCY_PLAN,
	[PF_EMPLOYER_UNVERIFIED] = PP_VERIFY_EMPLOYER,
	[PF_TOO_GOOD_TO_BE_TRUE] = PP_VERIFY_OFFER,
	[PF_PRESSURE_TO_DECIDE] = PP_TAKE_TIME,
	[PF_ENTERTAINMENT_OFFER] = PP_ENTERTAINMENT_OFFER,
};

/* PO_DOCUMENTS needs nothing more than the point every sheet has. */
static const enum prevention_point open_point[PO__MAX] = {
	[PO_KRAZ] = PP_CHECK_KRAZ,
	[PO_FEE] = PP_NO_PLACEMENT_FEE,
	[PO_CONTRACT] = PP_WRITTEN_CONTRACT,
	[PO_CONTRACT_LANGUAGE] = PP_CONTRACT_TRANSLATION,
	[PO_DOCUMENTS] = PP_KEEP_DOCUMENTS,
	[PO_ACCOMMODATION_PAYMENT] = PP_NO_ADVANCE_PAYMENT,
	[PO_EMERGENCY_CONTACTS] = PP_EMERGENCY_PLAN,
};

/* The flags that count towards "two serious flags make it high". */
#define SERIOUS	((1u << PF_FEE_FOR_JOB) | (1u << PF_AGENCY_NOT_IN_KRAZ) | \
	(1u << PF_NO_WRITTEN_CONTRACT) | (1u << PF_UNDECLARED_WORK))
/* Control over the person: high on their own. */
#define CONTROL	((1u << PF_DOCUMENTS_WITHHELD) | (1u << PF_TRAVEL_DEBT))
#define HIGH_FLAGS	4	/* this many flags of any kind: high */
#define MEDIUM_OPEN	3	/* this many open questions: medium */

/* 112 answers in the EU, the EEA, Switzerland and the United Kingdom. */
static const char *const has_112[] = {
	"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR",
	"GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL",
	"PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO", "CH", "GB", NULL
};

static bool
is(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

static int
popcount(uint32_t v)
{
	int	 n = 0;

	for (; v != 0; v &= v - 1)
		n++;
	return n;
}

void
prevention_assess(const struct prevention_answers *a,
    struct prevention_result *out)
{
	uint32_t	 f = 0, o = 0, p = 0;
	bool		 agency, contract;
	int		 i;

	agency = is(a->offer_source, "agency") || a->agency_named;
	/* A contract not refused: its language still matters. */
	contract = !is(a->contract_written, "no");

	if (is(a->documents_kept_by, "employer") ||
	    is(a->documents_kept_by, "agency") ||
	    is(a->documents_kept_by, "other"))
		f |= 1u << PF_DOCUMENTS_WITHHELD;
	else if (is(a->documents_kept_by, "unknown"))
		o |= 1u << PO_DOCUMENTS;

	if (is(a->agency_in_kraz, "no"))
		f |= 1u << PF_AGENCY_NOT_IN_KRAZ;
	else if (agency && is(a->agency_in_kraz, "unknown"))
		o |= 1u << PO_KRAZ;

	/* Only documented actual costs may be charged (not the placement). */
	if (is(a->fee_asked, "yes")) {
		if (is(a->fee_purpose, "accommodation"))
			f |= 1u << PF_PAID_IN_ADVANCE;
		else if (is(a->fee_purpose, "travel") ||
		    is(a->fee_purpose, "visa") ||
		    is(a->fee_purpose, "medical") ||
		    is(a->fee_purpose, "translation"))
			p |= 1u << PP_FEE_RECEIPTS;
		else
			f |= 1u << PF_FEE_FOR_JOB;
	} else if (is(a->fee_asked, "unknown"))
		o |= 1u << PO_FEE;

	if (is(a->contract_written, "no"))
		f |= 1u << PF_NO_WRITTEN_CONTRACT;
	else if (is(a->contract_written, "unknown"))
		o |= 1u << PO_CONTRACT;
	if (contract && is(a->contract_language_understood, "no"))
		f |= 1u << PF_CONTRACT_NOT_UNDERSTOOD;
	else if (contract && is(a->contract_language_understood, "unknown"))
		o |= 1u << PO_CONTRACT_LANGUAGE;

	if (!is(a->accommodation, "own")) {
		if (is(a->paid_before_departure, "yes"))
			f |= 1u << PF_PAID_IN_ADVANCE;
		else if (!is(a->accommodation, "unknown") &&
		    is(a->paid_before_departure, "unknown"))
			o |= 1u << PO_ACCOMMODATION_PAYMENT;
	}

	if (is(a->emergency_contacts_known, "no"))
		f |= 1u << PF_NO_EMERGENCY_CONTACTS;
	else if (is(a->emergency_contacts_known, "unknown"))
		o |= 1u << PO_EMERGENCY_CONTACTS;

	if (is(a->sector, "entertainment"))
		f |= 1u << PF_ENTERTAINMENT_OFFER;
	f |= a->signals & ((1u << PF__MAX) - 1);

	for (i = 0; i < PF__MAX; i++)
		if (f & (1u << i))
			p |= 1u << flag_point[i];
	for (i = 0; i < PO__MAX; i++)
		if (o & (1u << i))
			p |= 1u << open_point[i];
	for (i = 0; i < PP__MAX; i++)
		if (prevention_point_always((enum prevention_point)i))
			p |= 1u << i;

	out->flags = f;
	out->open = o;
	out->points = p;
	out->serious = popcount(f & SERIOUS);
	if ((f & CONTROL) != 0 || out->serious >= 2 ||
	    popcount(f) >= HIGH_FLAGS)
		out->level = PL_HIGH;
	else if (f != 0 || popcount(o) >= MEDIUM_OPEN)
		out->level = PL_MEDIUM;
	else
		out->level = PL_LOW;
}

const char *
prevention_flag_code(enum prevention_flag f)
{
	return (unsigned)f < PF__MAX ? flag_codes[f] : "";
}

const char *
prevention_open_code(enum prevention_open o)
{
	return (unsigned)o < PO__MAX ? open_codes[o] : "";
}

const char *
prevention_point_code(enum prevention_point p)
{
	return (unsigned)p < PP__MAX ? point_codes[p] : "";
}

const char *
prevention_level_code(enum prevention_level l)
{
	return (unsigned)l < PL__MAX ? level_codes[l] : "";
}

int
prevention_signal_flag(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < sizeof(signals) / sizeof(signals[0]);
	    i++)
		if (strcmp(signals[i].code, code) == 0)
			return (int)signals[i].flag;
	return -1;
}

bool
prevention_point_always(enum prevention_point p)
{
	return p >= PP_KEEP_DOCUMENTS && p < PP__MAX;
}

bool
prevention_has_112(const char *country)
{
	size_t	 i;

	for (i = 0; country != NULL && has_112[i] != NULL; i++)
		if (strcmp(has_112[i], country) == 0)
			return true;
	return false;
}

bool
prevention_kraz_number_valid(const char *s)
{
	size_t	 i, n;

	if (s == NULL || (n = strlen(s)) == 0 || n > 20)
		return false;
	for (i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '/')
			return false;
	return s[0] != '/' && s[n - 1] != '/' && strstr(s, "//") == NULL;
}

bool
prevention_destination_valid(const char *s)
{
	return s != NULL && strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' &&
	    s[1] >= 'A' && s[1] <= 'Z' && strcmp(s, "PL") != 0;
}

/* ---- The sheet's texts. */

/* The text of a {lang: text} object, or NULL when missing or empty. */
static const char *
tx(const json_t *o, const char *lang)
{
	const char	*s = json_string_value(json_object_get(o, lang));

	return s != NULL && *s != '\0' ? s : NULL;
}

/* Check that every language has text in o; -1 naming what is missing. */
static int
check_texts(const json_t *langs, const json_t *o, const char *what,
    char *err, size_t errlen)
{
	const json_t	*l;
	size_t		 i;

	json_array_foreach(langs, i, l)
		if (tx(o, json_string_value(l)) == NULL) {
			snprintf(err, errlen, "%s: no text in \"%s\"", what,
			    json_string_value(l));
			return -1;
		}
	return 0;
}

int
prevention_texts_check(const json_t *t, char *err, size_t errlen)
{
	const json_t	*langs = json_object_get(t, "languages"), *l, *p, *e;
	char		 what[96];
	size_t		 i;

	if (!json_is_array(langs) || json_array_size(langs) == 0) {
		snprintf(err, errlen, "languages: a list of language codes");
		return -1;
	}
	json_array_foreach(langs, i, l)
		if (!json_is_string(l) || json_string_length(l) < 2 ||
		    json_string_length(l) > 8) {
			snprintf(err, errlen, "languages[%zu]: a language code",
			    i);
			return -1;
		}
	for (i = 0; sheet_keys[i] != NULL; i++) {
		snprintf(what, sizeof(what), "sheet.%s", sheet_keys[i]);
		if (check_texts(langs, json_object_get(json_object_get(t,
		    "sheet"), sheet_keys[i]), what, err, errlen) == -1)
			return -1;
	}
	for (i = 0; i < PL__MAX; i++) {
		snprintf(what, sizeof(what), "risk.%s", level_codes[i]);
		if (check_texts(langs, json_object_get(json_object_get(t,
		    "risk"), level_codes[i]), what, err, errlen) == -1)
			return -1;
	}
	for (i = 0; i < PF__MAX; i++) {
		snprintf(what, sizeof(what), "flags.%s", flag_codes[i]);
		if (check_texts(langs, json_object_get(json_object_get(t,
		    "flags"), flag_codes[i]), what, err, errlen) == -1)
			return -1;
	}
	for (i = 0; i < PP__MAX; i++) {
		p = json_object_get(json_object_get(t, "points"),
		    point_codes[i]);
		snprintf(what, sizeof(what), "points.%s.title", point_codes[i]);
		if (check_texts(langs, json_object_get(p, "title"), what, err,
		    errlen) == -1)
			return -1;
		snprintf(what, sizeof(what), "points.%s.text", point_codes[i]);
		if (check_texts(langs, json_object_get(p, "text"), what, err,
		    errlen) == -1)
			return -1;
	}
	for (i = 0; emergency_codes[i] != NULL; i++) {
		e = json_object_get(json_object_get(t, "emergency"),
		    emergency_codes[i]);
		snprintf(what, sizeof(what), "emergency.%s.label",
		    emergency_codes[i]);
		if (check_texts(langs, json_object_get(e, "label"), what, err,
		    errlen) == -1)
			return -1;
		p = json_object_get(e, "number");
		if (p != NULL && !json_is_null(p) && (!json_is_string(p) ||
		    json_string_length(p) == 0)) {
			snprintf(err, errlen, "emergency.%s.number: text or "
			    "null", emergency_codes[i]);
			return -1;
		}
	}
	return 0;
}

bool
prevention_lang_known(const json_t *t, const char *lang)
{
	const json_t	*l;
	size_t		 i;

	json_array_foreach(json_object_get(t, "languages"), i, l)
		if (lang != NULL && is(json_string_value(l), lang))
			return true;
	return false;
}

static json_t *
emergency_entry(const json_t *t, const char *code, const char *lang)
{
	const json_t	*e = json_object_get(json_object_get(t, "emergency"),
			    code);
	const char	*num = json_string_value(json_object_get(e, "number"));

	return json_pack("{s:s, s:s, s:o}", "code", code, "label",
	    tx(json_object_get(e, "label"), lang), "number", num != NULL ?
	    json_string(num) : json_null());
}

json_t *
prevention_sheet(const json_t *t, const char *lang, const char *destination,
    const struct prevention_result *r)
{
	const json_t	*sheet = json_object_get(t, "sheet"), *p;
	json_t		*o, *flags, *points, *em;
	int		 i;

	if (!prevention_lang_known(t, lang))
		return NULL;
	flags = json_array();
	for (i = 0; i < PF__MAX; i++)
		if (r->flags & (1u << i))
			json_array_append_new(flags, json_pack("{s:s, s:s}",
			    "code", flag_codes[i], "text", tx(json_object_get(
			    json_object_get(t, "flags"), flag_codes[i]),
			    lang)));
	points = json_array();
	for (i = 0; i < PP__MAX; i++) {
		if (!(r->points & (1u << i)))
			continue;
		p = json_object_get(json_object_get(t, "points"),
		    point_codes[i]);
		json_array_append_new(points, json_pack("{s:s, s:s, s:s}",
		    "code", point_codes[i], "title", tx(json_object_get(p,
		    "title"), lang), "text", tx(json_object_get(p, "text"),
		    lang)));
	}
	em = json_array();
	json_array_append_new(em, emergency_entry(t, prevention_has_112(
	    destination) ? "eu_112" : "local", lang));
	json_array_append_new(em, emergency_entry(t, "consulate", lang));
	json_array_append_new(em, emergency_entry(t, "kcik", lang));
	json_array_append_new(em, emergency_entry(t, "la_strada", lang));
#define S(k)	tx(json_object_get(sheet, k), lang)
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, "
	    "s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:s}",
	    "lang", lang, "destination", destination,
	    "title", S("title"), "intro", S("intro"),
	    "destination_label", S("destination"), "date_label", S("date"),
	    "risk", "level", level_codes[r->level], "heading",
	    S("risk_heading"), "text", tx(json_object_get(json_object_get(t,
	    "risk"), level_codes[r->level]), lang),
	    "flags_heading", S("flags_heading"), "no_flags", S("no_flags"),
	    "flags", flags, "points_heading", S("points_heading"),
	    "points", points, "emergency_heading", S("emergency_heading"),
	    "emergency", em, "footer", S("footer"));
#undef S
	return o;
}
