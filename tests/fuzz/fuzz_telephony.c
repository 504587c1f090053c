/*
 * libFuzzer target: what the SIP server sends (telephony/).  The body of a
 * call event or routing request, and the coordinators' telephony settings,
 * taken apart as tel_api.c does once jv_check has passed: the Call-ID, the
 * line and caller numbers, the extension, the fallback (a number or a sip:
 * URI), the event names driving a call's states; then the routing decision
 * over the settings so made.
 *
 * Input: a JSON object, e.g. {"call_id": "a@pbx", "event": "answered",
 * "line": "+48225550100", "caller": "anonymous", "extension": "101",
 * "events": ["ringing", "answered"], "at": 1767600000, "on_shift": true,
 * "extensions": 2, "config": {"lines": [{"number": "+48225550100",
 * "channel": "office_line"}], "oncall_number": "", "fallback": ""}}.
 */
#include <assert.h>

#include <jansson.h>

#include "fuzz.h"
#include "hotline/hotline.h"
#include "telephony/telephony.h"

/* A number as the routes keep it: "+", 6 to 15 digits, no leading 0. */
static void
assert_phone(const char *s)
{
	char	 again[PHONE_MAX + 1];

	assert(s[0] == '+' && strlen(s) >= 7 && strlen(s) <= PHONE_MAX);
	assert(phone_normalise(s, again) == 0 && strcmp(again, s) == 0);
}

/* The caller as caller_parse takes it: "" for anonymous, or a number. */
static void
caller(const char *s)
{
	char	 out[PHONE_MAX + 1];

	if (*s == '\0' || strcmp(s, "anonymous") == 0)
		return;
	if (phone_normalise(s, out) == 0)
		assert_phone(out);
}

/* The settings as api_config_put builds them; false when it refuses. */
static bool
config(const json_t *o, struct tel_config *c)
{
	const char	*s;
	json_t		*item;
	size_t		 i, k;

	memset(c, 0, sizeof(*c));
	if (!json_is_object(o))
		return false;
	json_array_foreach(json_object_get(o, "lines"), i, item) {
		if (i >= TEL_LINES_MAX)
			return false;		/* jv_check's max */
		if ((s = json_string_value(json_object_get(item,
		    "number"))) == NULL ||
		    phone_normalise(s, c->lines[i].number) == -1)
			return false;
		for (k = 0; k < i; k++)
			if (strcmp(c->lines[k].number, c->lines[i].number) == 0)
				return false;
		s = json_string_value(json_object_get(item, "channel"));
		snprintf(c->lines[i].channel, sizeof(c->lines[i].channel),
		    "%s", s != NULL ? s : "office_line");
		c->nlines = i + 1;
	}
	if ((s = json_string_value(json_object_get(o, "oncall_number"))) !=
	    NULL && *s != '\0' && phone_normalise(s, c->oncall) == -1)
		return false;
	if ((s = json_string_value(json_object_get(o, "fallback"))) != NULL &&
	    *s != '\0') {
		if (s[0] != 's' && phone_normalise(s, c->fallback) == 0)
			;
		else if (tel_fallback_valid(s))
			snprintf(c->fallback, sizeof(c->fallback), "%s", s);
		else
			return false;
	}
	return true;
}

/* A call's events in order: repeats change nothing, none is lost. */
static void
events(const json_t *list)
{
	enum call_state	 st = CALL_NONE, next;
	enum call_event	 ev;
	enum call_move	 mv;
	json_t		*v;
	size_t		 i;

	json_array_foreach(list, i, v) {
		if (!json_is_string(v) ||
		    call_event_parse(json_string_value(v), &ev) == -1)
			continue;
		mv = call_next(st, ev, &next);
		if (mv == CALL_IMPOSSIBLE)
			continue;
		assert(next != CALL_NONE && next < CALL__MAX);
		assert((mv == CALL_REPEAT) == (next == st));
		st = next;
		assert(call_state_parse(call_state_name(st), &next) == 0 &&
		    next == st);
	}
}

static void
decide(const json_t *o, const struct tel_config *c, const char *line)
{
	struct calendar		 cal;
	struct tel_decision	 d;
	json_t			*v;
	int64_t			 t = 1767600000, n = 0;

	calendar_default(&cal);
	if (json_is_integer(v = json_object_get(o, "at")))
		t = json_integer_value(v);
	if (json_is_integer(v = json_object_get(o, "extensions")))
		n = json_integer_value(v);
	if (t < 0 || t > 32503680000 || n < 0)
		return;		/* the clock and a count: never input */
	tel_decide(c, &cal, t, line, json_is_true(json_object_get(o,
	    "on_shift")), (size_t)n, &d);
	assert(d.reason != NULL);
	switch (d.action) {
	case TEL_GROUP:
		assert(n > 0 && d.target == NULL);
		break;
	case TEL_FORWARD:
		/* The outbound gateway dials only what a number is. */
		assert_phone(d.target);
		break;
	case TEL_URI:
		assert(strncmp(d.target, "sip:", 4) == 0 &&
		    tel_fallback_valid(d.target));
		break;
	case TEL_REJECT:
		assert(d.target == NULL);
		break;
	default:
		abort();
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_process_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tel_config	 c;
	json_error_t		 jerr;
	json_t			*o;
	const char		*s;
	char			 line[PHONE_MAX + 1];
	size_t			 i, n;

	if (size > 8192)
		return 0;
	o = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (!json_is_object(o))
		goto out;
	if ((s = json_string_value(json_object_get(o, "call_id"))) != NULL &&
	    tel_call_id_valid(s)) {
		n = strlen(s);
		assert(n >= 1 && n <= TEL_CALL_ID_MAX);
		for (i = 0; i < n; i++)
			assert(s[i] > ' ' && s[i] < 0x7f);
	}
	if ((s = json_string_value(json_object_get(o, "caller"))) != NULL)
		caller(s);
	if ((s = json_string_value(json_object_get(o, "extension"))) != NULL &&
	    tel_extension_valid(s))
		assert(strspn(s, "0123456789") == strlen(s) &&
		    strlen(s) >= TEL_EXT_MIN && strlen(s) <= TEL_EXT_MAX);
	events(json_object_get(o, "events"));
	line[0] = '\0';
	if ((s = json_string_value(json_object_get(o, "line"))) != NULL &&
	    phone_normalise(s, line) == 0)
		assert_phone(line);
	if (config(json_object_get(o, "config"), &c))
		decide(o, &c, line);
out:
	json_decref(o);
	return 0;
}
