/*
 * What the annual report holds and in which order: its sections with
 * their headings and definitions (Polish and English), every table of
 * stats_compute() once, and the format's name and type.  The drawing is
 * report_pdf.c's, the workbook report_xlsx.c's; the CSV is stats_csv().
 */
#include <stdio.h>
#include <string.h>

#include "auth/settings.h"
#include "base/clock.h"
#include "base/plugin.h"
#include "base/xmalloc.h"
#include "hotline/calendar.h"
#include "stats/report.h"

const char report_centre_pl[] =
    "Krajowe Centrum Konsultacyjno-Interwencyjne dla Ofiar Handlu Ludźmi";
const char report_centre_en[] =
    "National Consulting and Intervention Centre for Victims of Trafficking";

/* The sections in the report's order; the last catches unknown ones. */
static const struct report_section sections[] = {
	{ "contacts", "Kontakty", "Contacts",
	  "Kontakty z infolinią i biurem w roku: telefon, e-mail, komunikator, "
	  "list i wizyty osobiste. Miesiące według czasu lokalnego "
	  "(Warszawa). Kontakt może dotyczyć kilku tematów, dlatego tabela "
	  "tematów nie ma sum.",
	  "Contacts with the hotline and the office during the year: "
	  "telephone, e-mail, messaging, letters and visits. Months follow "
	  "local (Warsaw) time. A contact may concern several topics, so the "
	  "topics table has no totals." },
	{ "cases", "Sprawy", "Cases",
	  "Sprawy założone w roku, według miesiąca założenia i statusu, jaki "
	  "mają w dniu sporządzenia raportu.",
	  "Cases opened during the year, by the month they were opened and "
	  "the status they have on the day the report was made." },
	{ "victims", "Ofiary handlu ludźmi", "Victims of trafficking",
	  "Zarejestrowana ofiara (definicja Eurostatu): osoba, dla której w "
	  "roku założono sprawę o statusie ofiary zidentyfikowanej lub "
	  "wstępnie zidentyfikowanej (domniemanej); dla sprawy zamkniętej "
	  "liczy się status w chwili zamknięcia. Osoba z kilkoma sprawami "
	  "liczona jest raz, jako zidentyfikowana, jeśli tak mówi którakolwiek "
	  "z nich. Dziecko: osoba małoletnia. Grupy obywatelstwa: Polska, inne "
	  "państwo członkowskie UE, państwo spoza UE, nieznane. Forma "
	  "wykorzystania (trzy grupy Eurostatu): seksualne, gdy sprawa je "
	  "odnotowuje; w przeciwnym razie praca lub usługi przymusowe (w tym "
	  "żebractwo i niewolnictwo domowe); w przeciwnym razie inne. Ofiara "
	  "może doznać kilku form wykorzystania, dlatego tabela form nie ma "
	  "sum.",
	  "Registered victim (Eurostat): a person with a case opened during "
	  "the year whose status is identified or provisionally identified "
	  "(presumed); for a closed case, the status it had when closed. A "
	  "person with several cases counts once, as identified if any case "
	  "says so. Child: a minor. Citizenship groups: Poland, another EU "
	  "member state, a country outside the EU, unknown. Form of "
	  "exploitation (Eurostat's three groups): sexual when the case "
	  "records sexual exploitation; else forced labour or services "
	  "(forced begging and domestic servitude included); else other. A "
	  "victim may suffer several forms, so the table of forms has no "
	  "totals." },
	{ "services", "Ścieżka pomocy", "Aid pathway",
	  "Usługi ścieżki pomocy, których realizację rozpoczęto lub "
	  "zakończono w roku.",
	  "Services of the aid pathway set to in progress or done during the "
	  "year." },
	{ "referrals", "Skierowania", "Referrals",
	  "Skierowania wysłane w roku, według celu i obecnego statusu.",
	  "Referrals sent during the year, by purpose and their status now." },
	{ "interpreters", "Tłumacze", "Interpreters",
	  "Rezerwacje tłumaczy rozpoczynające się w roku, według języka i "
	  "obecnego statusu.",
	  "Interpreter bookings starting during the year, by language and "
	  "their status now." },
	{ "consultations", "Poradnictwo i konsultacje",
	  "Counselling and consultations",
	  "Poradnictwo prewencyjne (osoby planujące wyjazd za granicę) według "
	  "poziomu ryzyka i kraju docelowego oraz konsultacje i szkolenia dla "
	  "instytucji przeprowadzone w roku.",
	  "Preventive counselling (people planning to go abroad) by risk "
	  "level and destination, and consultations and trainings for "
	  "institutions held during the year." },
	{ "shelter", "Schronienia", "Shelters",
	  "Osobonoce dostępne i zajęte w roku oraz przyjęcia rozpoczęte w "
	  "roku, według schronienia (tylko nazwy, nigdy adresy).",
	  "Bed-nights available and occupied during the year, and placements "
	  "that began in it, per shelter (names only, never an address)." },
	{ NULL, "Pozostałe tabele", "Other tables", "", "" },
};
#define NSECTIONS	(sizeof(sections) / sizeof(sections[0]))

static const struct {
	const char	*name;
	const char	*ctype;
} formats[REPORT__MAX] = {
	[REPORT_PDF] = { "pdf", "application/pdf" },
	[REPORT_XLSX] = { "xlsx", "application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet" },
	[REPORT_CSV] = { "csv", "text/csv; charset=utf-8" },
};

int
report_format_parse(const char *s, enum report_format *f)
{
	int	 i;

	for (i = 0; i < REPORT__MAX; i++)
		if (s != NULL && strcmp(s, formats[i].name) == 0) {
			*f = (enum report_format)i;
			return 0;
		}
	return -1;
}

const char *
report_format_name(enum report_format f)
{
	return formats[f].name;
}

const char *
report_format_ctype(enum report_format f)
{
	return formats[f].ctype;
}

int
report_year_parse(const char *s, int this_year, int *year, struct err *e)
{
	int	 i, y = 0;

	*year = 0;
	if (s == NULL || *s == '\0') {
		err_set(e, ERR_INVALID, "year is required (YYYY)");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			break;
		y = y * 10 + (s[i] - '0');
	}
	if (i != 4 || s[4] != '\0') {
		err_set(e, ERR_INVALID, "year must be four digits (YYYY)");
		return -1;
	}
	if (y < REPORT_YEAR_MIN || y > this_year) {
		err_set(e, ERR_INVALID, "year must be from %d to %d",
		    REPORT_YEAR_MIN, this_year);
		return -1;
	}
	*year = y;
	return 0;
}

void
report_query(int year, struct stats_query *q)
{
	memset(q, 0, sizeof(*q));
	snprintf(q->from, sizeof(q->from), "%04d-01-01", year);
	snprintf(q->to, sizeof(q->to), "%04d-12-31", year);
	q->out_of_hours = -1;
}

const struct report_section *
report_section_of(const char *id)
{
	size_t	 i;

	for (i = 0; i + 1 < NSECTIONS; i++)
		if (id != NULL && strcmp(sections[i].id, id) == 0)
			return &sections[i];
	return &sections[NSECTIONS - 1];
}

void
report_init(struct report *rep, int year, bool en, int64_t threshold,
    const char *generated, struct stats *s)
{
	size_t	 i, k;

	memset(rep, 0, sizeof(*rep));
	rep->year = year;
	rep->en = en;
	rep->threshold = threshold;
	snprintf(rep->generated, sizeof(rep->generated), "%s", generated);
	rep->s = *s;
	memset(s, 0, sizeof(*s));
	rep->order = xcalloc(rep->s.n > 0 ? rep->s.n : 1,
	    sizeof(*rep->order));
	rep->sect = xcalloc(rep->s.n > 0 ? rep->s.n : 1, sizeof(*rep->sect));
	/* Section by section; within one, as stats_compute lists them. */
	for (k = 0; k < NSECTIONS; k++)
		for (i = 0; i < rep->s.n; i++) {
			const struct stat_table	*t = &rep->s.t[i];

			if (report_section_of(t->section) != &sections[k])
				continue;
			rep->order[rep->n] = t;
			rep->sect[rep->n++] = &sections[k];
		}
}

int
report_load(struct report *rep, struct db *db, int year, bool en,
    struct err *e)
{
	struct stats_query	 q;
	struct stats		 s;
	struct cal_local	 now = cal_to_local(clock_now());
	int64_t			 threshold;
	char			 today[11];

	memset(rep, 0, sizeof(*rep));
	if (setting_get(db, SETTING_STATS_THRESHOLD, &threshold) == -1) {
		*e = *db_err(db);
		return -1;
	}
	report_query(year, &q);
	if (stats_compute(db, &q, &s, e) == -1)
		return -1;
	snprintf(today, sizeof(today), "%04d-%02d-%02d", now.date.y,
	    now.date.m, now.date.d);
	report_init(rep, year, en, threshold, today, &s);
	return 0;
}

void
report_free(struct report *rep)
{
	if (rep == NULL)
		return;
	stats_free(&rep->s);
	free(rep->order);
	free(rep->sect);
	memset(rep, 0, sizeof(*rep));
}

void
report_csv(const struct report *rep, struct buf *out)
{
	buf_adds(out, "\xef\xbb\xbf");	/* as the download: a BOM */
	stats_csv(&rep->s, rep->threshold, rep->en, out);
}

int
report_render(const struct report *rep, enum report_format f,
    struct buf *out, int *pages, struct err *e)
{
	__typeof__(report_pdf)	*pdf;	/* the declarations' types, checked */
	__typeof__(report_xlsx)	*xlsx;
	int			 np = 0, rc = -1;

	/* Both are the "report" part, loaded on first use (plugin.h). */
	switch (f) {
	case REPORT_PDF:
		if ((pdf = plugin_symbol("report", "report_pdf", e)) != NULL)
			rc = pdf(rep, out, &np, e);
		break;
	case REPORT_XLSX:
		if ((xlsx = plugin_symbol("report", "report_xlsx", e)) != NULL)
			rc = xlsx(rep, out, e);
		break;
	case REPORT_CSV:
		report_csv(rep, out);
		rc = 0;
		break;
	default:
		err_set(e, ERR_INVALID, "unknown report format");
		break;
	}
	if (rc == 0 && out->err) {
		err_set(e, ERR_INVALID, "the report is larger than %u bytes",
		    (unsigned)out->max);
		rc = -1;
	}
	if (pages != NULL)
		*pages = np;
	return rc;
}
