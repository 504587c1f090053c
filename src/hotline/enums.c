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

/* The directory, the consent ledger and referrals (network/network.h). */
static const struct enum_value organisation_kinds[] = {
	{ "police", "Policja", "Police" },
	{ "police_coordinator", "Policja — koordynator ds. handlu ludźmi",
	    "Police — trafficking coordinator" },
	{ "border_guard", "Straż Graniczna", "Border Guard" },
	{ "prosecutor", "Prokuratura", "Prosecutor's office" },
	{ "court", "Sąd", "Court" },
	{ "consulate_polish_abroad", "Polski konsulat lub ambasada za granicą",
	    "Polish consulate or embassy abroad" },
	{ "consulate_foreign", "Konsulat lub ambasada państwa obcego w Polsce",
	    "Foreign consulate or embassy in Poland" },
	{ "voivode", "Urząd wojewódzki", "Voivode's office" },
	{ "office_for_foreigners", "Urząd do Spraw Cudzoziemców",
	    "Office for Foreigners" },
	{ "social_welfare", "Pomoc społeczna (OPS, PCPR)",
	    "Social welfare centre" },
	{ "crisis_intervention", "Ośrodek interwencji kryzysowej",
	    "Crisis intervention centre" },
	{ "health", "Ochrona zdrowia", "Health service" },
	{ "legal_aid", "Pomoc prawna", "Legal aid" },
	{ "labour_inspection", "Państwowa Inspekcja Pracy",
	    "Labour inspection" },
	{ "ngo", "Organizacja pozarządowa", "NGO" },
	{ "international_org", "Organizacja międzynarodowa",
	    "International organisation" },
	{ "other", "Inna", "Other" },
	{ NULL, NULL, NULL }
};

/* ISO 3166-2:PL codes of the voivodeships. */
static const struct enum_value voivodeships[] = {
	{ "PL-DS", "dolnośląskie", "Lower Silesian" },
	{ "PL-KP", "kujawsko-pomorskie", "Kuyavian-Pomeranian" },
	{ "PL-LU", "lubelskie", "Lublin" },
	{ "PL-LB", "lubuskie", "Lubusz" },
	{ "PL-LD", "łódzkie", "Łódź" },
	{ "PL-MA", "małopolskie", "Lesser Poland" },
	{ "PL-MZ", "mazowieckie", "Masovian" },
	{ "PL-OP", "opolskie", "Opole" },
	{ "PL-PK", "podkarpackie", "Subcarpathian" },
	{ "PL-PD", "podlaskie", "Podlaskie" },
	{ "PL-PM", "pomorskie", "Pomeranian" },
	{ "PL-SL", "śląskie", "Silesian" },
	{ "PL-SK", "świętokrzyskie", "Holy Cross" },
	{ "PL-WN", "warmińsko-mazurskie", "Warmian-Masurian" },
	{ "PL-WP", "wielkopolskie", "Greater Poland" },
	{ "PL-ZP", "zachodniopomorskie", "West Pomeranian" },
	{ NULL, NULL, NULL }
};

static const struct enum_value consent_purposes[] = {
	{ "data_processing", "Przetwarzanie danych osobowych",
	    "Processing of personal data" },
	{ "referral", "Skierowanie do wskazanej organizacji",
	    "Referral to a named organisation" },
	{ "law_enforcement", "Przekazanie danych organom ścigania",
	    "Sharing with law enforcement" },
	{ "family_contact", "Kontakt z rodziną", "Contact with family" },
	{ "statistics", "Zanonimizowane statystyki", "Anonymised statistics" },
	{ NULL, NULL, NULL }
};

static const struct enum_value consent_methods[] = {
	{ "spoken", "Ustnie", "Spoken" },
	{ "written", "Na piśmie", "Written" },
	{ NULL, NULL, NULL }
};

static const struct enum_value referral_purposes[] = {
	{ "shelter", "Schronienie", "Shelter" },
	{ "legal_aid", "Pomoc prawna", "Legal aid" },
	{ "health", "Opieka zdrowotna", "Health care" },
	{ "psychological", "Pomoc psychologiczna", "Psychological support" },
	{ "social_assistance", "Pomoc społeczna", "Social assistance" },
	{ "law_enforcement_report", "Zawiadomienie organów ścigania",
	    "Report to law enforcement" },
	{ "return_assistance", "Pomoc w powrocie do kraju",
	    "Return assistance" },
	{ "interpreting", "Tłumaczenie", "Interpreting" },
	{ "documents", "Dokumenty", "Documents" },
	{ "other", "Inne", "Other" },
	{ NULL, NULL, NULL }
};

static const struct enum_value referral_statuses[] = {
	{ "sent", "Wysłane", "Sent" },
	{ "accepted", "Przyjęte", "Accepted" },
	{ "declined", "Odrzucone", "Declined" },
	{ "completed", "Zrealizowane", "Completed" },
	{ NULL, NULL, NULL }
};

static const struct enum_value data_categories[] = {
	{ "identity", "Tożsamość", "Identity" },
	{ "contact_details", "Dane kontaktowe", "Contact details" },
	{ "case_facts", "Okoliczności sprawy", "Facts of the case" },
	{ "health", "Zdrowie", "Health" },
	{ "legal_status", "Sytuacja prawna", "Legal status" },
	{ "documents", "Dokumenty", "Documents" },
	{ NULL, NULL, NULL }
};

/* Preventive counselling (network/prevention.h). */
static const struct enum_value prevention_purposes[] = {
	{ "work", "Praca", "Work" },
	{ "study", "Nauka lub studia", "Study" },
	{ "au_pair", "Au pair", "Au pair" },
	{ "marriage", "Małżeństwo lub związek", "Marriage or partner" },
	{ "other", "Inny cel nieturystyczny", "Other non-tourist purpose" },
	{ NULL, NULL, NULL }
};

static const struct enum_value prevention_sectors[] = {
	{ "agriculture", "Rolnictwo, zbiory", "Agriculture, harvest" },
	{ "construction", "Budownictwo", "Construction" },
	{ "care", "Opieka nad osobami", "Care work" },
	{ "domestic_work", "Praca w domu prywatnym", "Domestic work" },
	{ "hospitality", "Hotelarstwo, gastronomia", "Hospitality" },
	{ "manufacturing", "Produkcja, przetwórstwo", "Manufacturing" },
	{ "logistics", "Logistyka, magazyny, transport",
	    "Logistics, warehouses, transport" },
	{ "entertainment", "Rozrywka, branża seksualna",
	    "Entertainment, sex industry" },
	{ "other", "Inna", "Other" },
	{ NULL, NULL, NULL }
};

static const struct enum_value offer_sources[] = {
	{ "agency", "Agencja zatrudnienia", "Employment agency" },
	{ "friend_family", "Znajomi lub rodzina", "Friends or family" },
	{ "internet_ad", "Ogłoszenie w internecie", "Internet advert" },
	{ "social_media", "Media społecznościowe", "Social media" },
	{ "employer_direct", "Bezpośrednio od pracodawcy",
	    "Directly from the employer" },
	{ "other", "Inne", "Other" },
	{ NULL, NULL, NULL }
};

static const struct enum_value kraz_statuses[] = {
	{ "yes", "Tak, jest w KRAZ", "Yes, it is in KRAZ" },
	{ "no", "Nie ma jej w KRAZ", "No, it is not in KRAZ" },
	{ "unknown", "Nie sprawdzono", "Not checked" },
	{ "not_applicable", "Nie dotyczy (bez agencji)",
	    "Not applicable (no agency)" },
	{ NULL, NULL, NULL }
};

static const struct enum_value fee_purposes[] = {
	{ "placement", "Za znalezienie pracy", "For finding the job" },
	{ "travel", "Przejazd", "Travel" },
	{ "visa", "Wiza", "Visa" },
	{ "medical", "Badania lekarskie", "Medical examination" },
	{ "translation", "Tłumaczenie dokumentów",
	    "Translation of documents" },
	{ "accommodation", "Zakwaterowanie", "Accommodation" },
	{ "other", "Inny lub niejasny", "Other or unclear" },
	{ NULL, NULL, NULL }
};

static const struct enum_value documents_keepers[] = {
	{ "self", "Osoba sama", "The person themselves" },
	{ "employer", "Pracodawca", "The employer" },
	{ "agency", "Agencja", "The agency" },
	{ "other", "Ktoś inny", "Someone else" },
	{ "unknown", "Nie wiadomo", "Unknown" },
	{ NULL, NULL, NULL }
};

static const struct enum_value accommodations[] = {
	{ "employer", "Zapewnia pracodawca", "Provided by the employer" },
	{ "agency", "Zapewnia agencja", "Provided by the agency" },
	{ "own", "Własne", "Own arrangement" },
	{ "unknown", "Nie wiadomo", "Unknown" },
	{ NULL, NULL, NULL }
};

/* What a consultant notices beyond the checklist's answers. */
static const struct enum_value prevention_signals[] = {
	{ "too_good_to_be_true", "Oferta zbyt dobra, by była prawdziwa",
	    "Offer too good to be true" },
	{ "pressure_to_decide", "Presja na szybką decyzję",
	    "Pressure to decide quickly" },
	{ "trial_without_contract", "„Okres próbny” bez umowy",
	    "\"Trial period\" without a contract" },
	{ "undeclared_work", "Praca „na czarno”", "Undeclared work" },
	{ "travel_debt", "Podróż opłacona przez pracodawcę jako dług",
	    "Travel paid by the employer as a debt" },
	{ "employer_unverified", "Brak danych pracodawcy do sprawdzenia",
	    "No employer details to verify" },
	{ NULL, NULL, NULL }
};

/* The red flags of src/network/prevention.c, in its order. */
static const struct enum_value prevention_flags[] = {
	{ "documents_withheld", "Dokumenty u pracodawcy lub agencji",
	    "Documents kept by the employer or agency" },
	{ "travel_debt", "Podróż jako dług do odpracowania",
	    "Travel as a debt to work off" },
	{ "fee_for_job", "Opłata za znalezienie pracy",
	    "Fee for finding the job" },
	{ "agency_not_in_kraz", "Agencji nie ma w KRAZ",
	    "Agency not in KRAZ" },
	{ "no_written_contract", "Brak umowy na piśmie",
	    "No written contract" },
	{ "contract_not_understood", "Umowa w niezrozumiałym języku",
	    "Contract in a language not understood" },
	{ "undeclared_work", "Praca „na czarno”", "Undeclared work" },
	{ "trial_without_contract", "„Okres próbny” bez umowy",
	    "\"Trial period\" without a contract" },
	{ "paid_in_advance", "Zakwaterowanie płatne przed wyjazdem",
	    "Accommodation paid before departure" },
	{ "no_emergency_contacts", "Brak kontaktów alarmowych",
	    "No emergency contacts" },
	{ "employer_unverified", "Pracodawca niesprawdzony",
	    "Employer not verified" },
	{ "too_good_to_be_true", "Oferta zbyt dobra, by była prawdziwa",
	    "Offer too good to be true" },
	{ "pressure_to_decide", "Presja na szybką decyzję",
	    "Pressure to decide quickly" },
	{ "entertainment_offer", "Oferta w rozrywce lub branży seksualnej",
	    "Offer in entertainment or the sex industry" },
	{ NULL, NULL, NULL }
};

static const struct enum_value prevention_risks[] = {
	{ "low", "Niskie", "Low" },
	{ "medium", "Średnie", "Medium" },
	{ "high", "Wysokie", "High" },
	{ NULL, NULL, NULL }
};

/* Consultancy for institutions (network/consultancy.h). */
static const struct enum_value consultancy_kinds[] = {
	{ "consultation", "Konsultacja", "Consultation" },
	{ "training", "Szkolenie", "Training" },
	{ NULL, NULL, NULL }
};

static const struct enum_value consultancy_topics[] = {
	{ "identification", "Identyfikacja ofiar", "Identification" },
	{ "legal_status", "Status prawny, legalizacja pobytu",
	    "Legal status, residence" },
	{ "referral_procedure", "Procedura kierowania do pomocy",
	    "Referral procedure" },
	{ "shelter", "Schronienie", "Shelter" },
	{ "victim_rights", "Prawa ofiar", "Victims' rights" },
	{ "safe_migration", "Bezpieczna migracja", "Safe migration" },
	{ "labour_exploitation", "Wykorzystanie w pracy",
	    "Labour exploitation" },
	{ "other", "Inny", "Other" },
	{ NULL, NULL, NULL }
};

static const struct enum_value consultancy_formats[] = {
	{ "phone", "Telefonicznie", "Phone" },
	{ "email", "E-mail", "E-mail" },
	{ "in_person", "Spotkanie", "In person" },
	{ "online", "Online", "Online" },
	{ "training_session", "Sesja szkoleniowa", "Training session" },
	{ NULL, NULL, NULL }
};

/* Interpreters (network/interpreter.h). */
static const struct enum_value interpreter_modes[] = {
	{ "in_person", "Osobiście", "In person" },
	{ "phone", "Telefonicznie", "By phone" },
	{ "video", "Wideo", "By video" },
	{ NULL, NULL, NULL }
};

static const struct enum_value booking_statuses[] = {
	{ "booked", "Zarezerwowane", "Booked" },
	{ "cancelled", "Odwołane", "Cancelled" },
	{ "done", "Odbyte", "Done" },
	{ NULL, NULL, NULL }
};

/* ---- shelter/: shelters, placements, the bed board, incidents. */

static const struct enum_value shelter_kinds[] = {
	{ "own", "Własne schronienie Centrum", "The centre's own shelter" },
	{ "partner", "Schronienie partnerskie", "Partner shelter" },
	{ "crisis_centre", "Ośrodek interwencji kryzysowej",
	    "Crisis intervention centre" },
	{ NULL, NULL, NULL }
};

static const struct enum_value placement_statuses[] = {
	{ "reserved", "Rezerwacja", "Reserved" },
	{ "active", "Zakwaterowana", "Checked in" },
	{ "ended", "Zakończone", "Ended" },
	{ "cancelled", "Anulowane", "Cancelled" },
	{ NULL, NULL, NULL }
};

static const struct enum_value leaving_reasons[] = {
	{ "programme_completed", "Ukończenie programu",
	    "Programme completed" },
	{ "moved_to_other_shelter", "Przeniesienie do innego schronienia",
	    "Moved to another shelter" },
	{ "returned_home", "Powrót do domu", "Returned home" },
	{ "independent_living", "Samodzielne mieszkanie",
	    "Independent living" },
	{ "own_decision", "Własna decyzja", "Own decision" },
	{ "rules_breach", "Naruszenie regulaminu", "Breach of the rules" },
	{ "safety_transfer", "Przeniesienie ze względów bezpieczeństwa",
	    "Transfer for safety" },
	{ "hospital", "Pobyt w szpitalu", "Admitted to hospital" },
	{ "other", "Inny", "Other" },
	{ NULL, NULL, NULL }
};

static const struct enum_value bed_states[] = {
	{ "free", "Wolne", "Free" },
	{ "occupied", "Zajęte", "Occupied" },
	{ "reserved", "Zarezerwowane", "Reserved" },
	{ "out_of_service", "Wyłączone z użytku", "Out of service" },
	{ NULL, NULL, NULL }
};

static const struct enum_value block_reasons[] = {
	{ "repair", "Naprawa", "Repair" },
	{ "cleaning", "Sprzątanie, dezynfekcja", "Cleaning" },
	{ "quarantine", "Kwarantanna", "Quarantine" },
	{ "safety", "Względy bezpieczeństwa", "Safety" },
	{ "other", "Inny", "Other" },
	{ NULL, NULL, NULL }
};

static const struct enum_value incident_kinds[] = {
	{ "threat_from_outside", "Zagrożenie z zewnątrz",
	    "Threat from outside" },
	{ "perpetrator_contact", "Kontakt ze sprawcą lub jego otoczeniem",
	    "Contact by a perpetrator or their circle" },
	{ "location_disclosed", "Ujawnienie adresu schronienia",
	    "The shelter's address disclosed" },
	{ "violence", "Przemoc w schronieniu", "Violence at the shelter" },
	{ "self_harm", "Samookaleczenie", "Self-harm" },
	{ "health_emergency", "Nagły stan zdrowia", "Health emergency" },
	{ "missing_person", "Zaginięcie, niepowrót", "Missing, did not return" },
	{ "rules_breach", "Naruszenie regulaminu", "Breach of the rules" },
	{ "property_damage", "Zniszczenie mienia", "Damage to property" },
	{ "other", "Inne", "Other" },
	{ NULL, NULL, NULL }
};

static const struct enum_value incident_severities[] = {
	{ "low", "Niska", "Low" },
	{ "medium", "Średnia", "Medium" },
	{ "high", "Wysoka", "High" },
	{ "critical", "Krytyczna", "Critical" },
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
	[ENUM_ORGANISATION_KIND] = { "organisation_kind", organisation_kinds },
	[ENUM_VOIVODESHIP] = { "voivodeship", voivodeships },
	[ENUM_CONSENT_PURPOSE] = { "consent_purpose", consent_purposes },
	[ENUM_CONSENT_METHOD] = { "consent_method", consent_methods },
	[ENUM_REFERRAL_PURPOSE] = { "referral_purpose", referral_purposes },
	[ENUM_REFERRAL_STATUS] = { "referral_status", referral_statuses },
	[ENUM_DATA_CATEGORY] = { "data_category", data_categories },
	[ENUM_PREVENTION_PURPOSE] = { "prevention_purpose",
	    prevention_purposes },
	[ENUM_PREVENTION_SECTOR] = { "prevention_sector", prevention_sectors },
	[ENUM_OFFER_SOURCE] = { "offer_source", offer_sources },
	[ENUM_KRAZ_STATUS] = { "kraz_status", kraz_statuses },
	[ENUM_FEE_PURPOSE] = { "fee_purpose", fee_purposes },
	[ENUM_DOCUMENTS_KEEPER] = { "documents_keeper", documents_keepers },
	[ENUM_ACCOMMODATION] = { "accommodation", accommodations },
	[ENUM_PREVENTION_SIGNAL] = { "prevention_signal", prevention_signals },
	[ENUM_PREVENTION_FLAG] = { "prevention_flag", prevention_flags },
	[ENUM_PREVENTION_RISK] = { "prevention_risk", prevention_risks },
	[ENUM_CONSULTANCY_KIND] = { "consultancy_kind", consultancy_kinds },
	[ENUM_CONSULTANCY_TOPIC] = { "consultancy_topic", consultancy_topics },
	[ENUM_CONSULTANCY_FORMAT] = { "consultancy_format",
	    consultancy_formats },
	[ENUM_INTERPRETER_MODE] = { "interpreter_mode", interpreter_modes },
	[ENUM_BOOKING_STATUS] = { "booking_status", booking_statuses },
	[ENUM_SHELTER_KIND] = { "shelter_kind", shelter_kinds },
	[ENUM_PLACEMENT_STATUS] = { "placement_status", placement_statuses },
	[ENUM_LEAVING_REASON] = { "leaving_reason", leaving_reasons },
	[ENUM_BED_STATE] = { "bed_state", bed_states },
	[ENUM_BLOCK_REASON] = { "block_reason", block_reasons },
	[ENUM_INCIDENT_KIND] = { "incident_kind", incident_kinds },
	[ENUM_INCIDENT_SEVERITY] = { "incident_severity",
	    incident_severities },
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
