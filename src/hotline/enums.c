/*
 * The hotline's enumerations (see enums.h).  Codes are stable: they are
 * stored in the database and counted in statistics; labels may change.
 */
#include <pthread.h>
#include <string.h>

#include "hotline/enums.h"

static const struct enum_value channels[] = {
	{ "office_line", "Telefon stacjonarny (biuro)", "Office line" },
	{ "oncall_mobile", "Telefon dyżurny", "On-call mobile" },
	{ "email", "E-mail", "E-mail" },
	{ "in_person", "Osobiście", "In person" },
	{ "chat", "Komunikator / czat", "Messenger / chat" },
	{ "letter", "List", "Letter" },
	{ NULL, NULL, NULL }
};

static const struct enum_value directions[] = {
	{ "incoming", "Przychodzący", "Incoming" },
	{ "outgoing", "Wychodzący", "Outgoing" },
	{ NULL, NULL, NULL }
};

static const struct enum_value inquirers[] = {
	{ "victim_polish", "Ofiara (domniemana lub zidentyfikowana) — "
	    "obywatel(ka) Polski", "Victim (presumed or identified) — "
	    "Polish citizen" },
	{ "victim_foreign", "Ofiara (domniemana lub zidentyfikowana) — "
	    "cudzoziemiec/cudzoziemka", "Victim (presumed or identified) — "
	    "foreign national" },
	{ "family_friend", "Rodzina lub znajomi", "Family member or friend" },
	{ "organisation", "Organizacja lub instytucja",
	    "Organisation or institution" },
	{ "police_border_guard", "Policja lub Straż Graniczna",
	    "Police or Border Guard" },
	{ "prosecutor_court", "Prokuratura lub sąd", "Prosecutor or court" },
	{ "at_risk", "Osoba zagrożona", "Person at risk" },
	{ "going_abroad", "Osoba planująca wyjazd za granicę (praca lub inny "
	    "cel nieturystyczny)", "Person considering going abroad (work or "
	    "another non-tourist purpose)" },
	{ "anonymous", "Anonimowo", "Anonymous" },
	{ "other", "Inne", "Other" },
	{ NULL, NULL, NULL }
};

static const struct enum_value topics[] = {
	{ "identification", "Identyfikacja", "Identification" },
	{ "intervention", "Interwencja", "Intervention" },
	{ "prevention", "Poradnictwo prewencyjne", "Preventive counselling" },
	{ "institution", "Konsultacja dla instytucji",
	    "Consultancy for an institution" },
	{ "shelter", "Schronienie", "Shelter" },
	{ "legal", "Prawne", "Legal" },
	{ "health", "Zdrowie", "Health" },
	{ "safety", "Bezpieczeństwo", "Safety" },
	{ "other", "Inne", "Other" },
	{ NULL, NULL, NULL }
};

static const struct enum_value urgencies[] = {
	{ "urgent", "Pilne", "Urgent" },
	{ "routine", "Rutynowe", "Routine" },
	{ NULL, NULL, NULL }
};

static const struct enum_value outcomes[] = {
	{ "advice", "Udzielono porady", "Advice given" },
	{ "referred", "Przekierowano", "Referred" },
	{ "intervention", "Rozpoczęto interwencję", "Intervention started" },
	{ "case_opened", "Założono sprawę", "Case opened" },
	{ "follow_up", "Wymaga dalszego kontaktu", "Follow-up needed" },
	{ "no_action", "Bez dalszych działań", "No action" },
	{ NULL, NULL, NULL }
};

const struct enum_def enum_defs[ENUM__MAX] = {
	[ENUM_CHANNEL] = { "channel", channels },
	[ENUM_DIRECTION] = { "direction", directions },
	[ENUM_INQUIRER] = { "inquirer", inquirers },
	[ENUM_TOPIC] = { "topic", topics },
	[ENUM_URGENCY] = { "urgency", urgencies },
	[ENUM_OUTCOME] = { "outcome", outcomes },
};

/* NULL-terminated code lists, filled once from the tables. */
static const char	*codes[ENUM__MAX][16];
static pthread_once_t	 codes_once = PTHREAD_ONCE_INIT;

static void
codes_fill(void)
{
	int	 e, i;

	for (e = 0; e < ENUM__MAX; e++)
		for (i = 0; enum_defs[e].values[i].code != NULL && i < 15; i++)
			codes[e][i] = enum_defs[e].values[i].code;
}

int
enum_index(enum hotline_enum e, const char *code)
{
	int	 i;

	if (code == NULL)
		return -1;
	for (i = 0; enum_defs[e].values[i].code != NULL; i++)
		if (strcmp(enum_defs[e].values[i].code, code) == 0)
			return i;
	return -1;
}

const char *const *
enum_codes(enum hotline_enum e)
{
	pthread_once(&codes_once, codes_fill);
	return codes[e];
}
