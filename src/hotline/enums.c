/*
 * The enumerations of the hotline and of case files (see enums.h).  Codes are stable: they are
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

static const struct enum_value sexes[] = {
	{ "female", "Kobieta", "Female" },
	{ "male", "Mężczyzna", "Male" },
	{ "other", "Inna", "Other" },
	{ "unknown", "Nieznana", "Unknown" },
	{ NULL, NULL, NULL }
};

/* The same codes as cases/lifecycle.c (enums_test checks it). */
static const struct enum_value case_statuses[] = {
	{ "preliminary_verification", "Wstępna weryfikacja",
	    "Preliminary verification" },
	{ "provisional_identification", "Wstępna identyfikacja",
	    "Provisional identification" },
	{ "identified", "Zidentyfikowana ofiara", "Identified" },
	{ "not_identified", "Nie zidentyfikowano", "Not identified" },
	{ "closed", "Zamknięta", "Closed" },
	{ NULL, NULL, NULL }
};

static const struct enum_value close_reasons[] = {
	{ "assistance_completed", "Pomoc zakończona", "Assistance completed" },
	{ "returned_home", "Powrót do kraju pochodzenia",
	    "Returned to the country of origin" },
	{ "transferred", "Przekazano innej organizacji",
	    "Transferred to another organisation" },
	{ "contact_lost", "Utrata kontaktu", "Contact lost" },
	{ "declined_help", "Rezygnacja z pomocy", "Declined help" },
	{ "not_a_victim", "Nie jest ofiarą handlu ludźmi",
	    "Not a victim of trafficking" },
	{ "other", "Inny powód", "Other reason" },
	{ NULL, NULL, NULL }
};

static const struct enum_value exploitations[] = {
	{ "sexual", "Wykorzystanie seksualne", "Sexual exploitation" },
	{ "forced_labour", "Praca lub usługi przymusowe",
	    "Forced labour or services" },
	{ "forced_begging", "Żebractwo przymusowe", "Forced begging" },
	{ "forced_criminality", "Zmuszanie do przestępstw",
	    "Forced criminality" },
	{ "domestic_servitude", "Niewolnictwo domowe", "Domestic servitude" },
	{ "forced_marriage", "Małżeństwo przymusowe", "Forced marriage" },
	{ "organ_removal", "Pobranie organów", "Removal of organs" },
	{ "illegal_adoption", "Nielegalna adopcja", "Illegal adoption" },
	{ "slavery", "Niewolnictwo lub poddaństwo", "Slavery or servitude" },
	{ "other", "Inne", "Other" },
	{ NULL, NULL, NULL }
};

/* In the order the centre follows. */
static const struct enum_value pathway_items[] = {
	{ "safety_liberation", "Bezpieczeństwo: uwolnienie",
	    "Safety: liberation" },
	{ "safety_separation", "Bezpieczeństwo: odseparowanie od sprawców",
	    "Safety: separation from the perpetrators" },
	{ "safety_place", "Bezpieczeństwo: bezpieczne miejsce",
	    "Safety: a safe place" },
	{ "accommodation", "Zakwaterowanie", "Accommodation" },
	{ "health_mental", "Zdrowie psychiczne: poradnictwo",
	    "Mental health counselling" },
	{ "health_physical", "Zdrowie fizyczne: poradnictwo",
	    "Physical health counselling" },
	{ "health_immediate", "Natychmiastowa interwencja medyczna",
	    "Immediate medical intervention" },
	{ "legal_criminal", "Porada prawna: postępowanie karne",
	    "Legal advice: criminal procedure" },
	{ "legal_residence", "Porada prawna: prawo pobytu",
	    "Legal advice: right of residence" },
	{ "legal_family", "Porada prawna: prawo rodzinne",
	    "Legal advice: family law" },
	{ "interpretation", "Tłumaczenie na zrozumiały język",
	    "Interpretation in a language understood" },
	{ "decision_cooperation", "Decyzja: współpraca z organami ścigania",
	    "Decision: cooperation with law enforcement" },
	{ "decision_family", "Decyzja: kontakt z rodziną",
	    "Decision: contact with family" },
	{ "decision_return", "Decyzja: powrót do kraju pochodzenia",
	    "Decision: return to the country of origin" },
	{ NULL, NULL, NULL }
};

static const struct enum_value pathway_statuses[] = {
	{ "needed", "Potrzebne", "Needed" },
	{ "in_progress", "W toku", "In progress" },
	{ "done", "Zrealizowane", "Done" },
	{ "declined", "Odmowa", "Declined" },
	{ "not_applicable", "Nie dotyczy", "Not applicable" },
	{ NULL, NULL, NULL }
};

static const struct enum_value safe_modes[] = {
	{ "yes", "Tak", "Yes" },
	{ "no", "Nie", "No" },
	{ "unknown", "Nie wiadomo", "Unknown" },
	{ NULL, NULL, NULL }
};

static const struct enum_value task_kinds[] = {
	{ "task", "Zadanie", "Task" },
	{ "callback", "Oddzwonić", "Call back" },
	{ "deadline", "Termin", "Deadline" },
	{ NULL, NULL, NULL }
};

static const struct enum_value register_columns[] = {
	{ "reference", "Sygnatura", "Reference" },
	{ "person", "Pseudonim", "Pseudonym" },
	{ "status", "Status", "Status" },
	{ "key_consultant", "Konsultant wiodący", "Key consultant" },
	{ "forms", "Formy wykorzystania", "Forms of exploitation" },
	{ "urgent", "Pilna", "Urgent" },
	{ "citizenship", "Obywatelstwo", "Citizenship" },
	{ "sex", "Płeć", "Sex" },
	{ "minor", "Małoletni", "Minor" },
	{ "opened_at", "Otwarta", "Opened" },
	{ "updated_at", "Zmieniona", "Updated" },
	{ "open_tasks", "Otwarte zadania", "Open tasks" },
	{ "missing", "Braki w ścieżce pomocy", "Missing pathway steps" },
	{ NULL, NULL, NULL }
};

const struct enum_def enum_defs[ENUM__MAX] = {
	[ENUM_CHANNEL] = { "channel", channels },
	[ENUM_DIRECTION] = { "direction", directions },
	[ENUM_INQUIRER] = { "inquirer", inquirers },
	[ENUM_TOPIC] = { "topic", topics },
	[ENUM_URGENCY] = { "urgency", urgencies },
	[ENUM_OUTCOME] = { "outcome", outcomes },
	[ENUM_SEX] = { "sex", sexes },
	[ENUM_CASE_STATUS] = { "case_status", case_statuses },
	[ENUM_CLOSE_REASON] = { "close_reason", close_reasons },
	[ENUM_EXPLOITATION] = { "exploitation", exploitations },
	[ENUM_PATHWAY_ITEM] = { "pathway_item", pathway_items },
	[ENUM_PATHWAY_STATUS] = { "pathway_status", pathway_statuses },
	[ENUM_SAFE_MODE] = { "safe_mode", safe_modes },
	[ENUM_TASK_KIND] = { "task_kind", task_kinds },
	[ENUM_REGISTER_COLUMN] = { "register_column", register_columns },
};

/* NULL-terminated code lists, filled once from the tables. */
static const char	*codes[ENUM__MAX][ENUM_VALUES_MAX + 1];
static pthread_once_t	 codes_once = PTHREAD_ONCE_INIT;

static void
codes_fill(void)
{
	int	 e, i;

	for (e = 0; e < ENUM__MAX; e++)
		for (i = 0; enum_defs[e].values[i].code != NULL &&
		    i < ENUM_VALUES_MAX; i++)
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
