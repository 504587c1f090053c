/*
 * Telephony: where a call to the centre goes, and what its events leave in
 * Haven.  The SIP server (deploy/kamailio) asks for the routing decision
 * and reports each call's events on routes of its own (PERM_SIP, the shared
 * secret of auth/sip.h); consultants on the call screen get the call they
 * answered pushed to them (tel_hub.c, Server-Sent Events).
 *
 * This header holds the pure rules (route.c, call.c: no SQL, no clock), the
 * SQL (tel_store.c) and the route table (tel_api.c).  docs/TELEPHONY.md
 * tells a centre how to connect its trunk and phones.
 */
#ifndef HAVEN_TELEPHONY_H
#define HAVEN_TELEPHONY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "hotline/calendar.h"
#include "hotline/hotline.h"
#include "http/http.h"

#define TEL_LINES_MAX	16
#define TEL_URI_MAX	128	/* a fallback sip: URI */
#define TEL_EXT_MIN	2	/* digits of an extension */
#define TEL_EXT_MAX	16
#define TEL_CALL_ID_MAX	128
#define TEL_GROUP_MAX	64	/* extensions rung at once */

/* A line of the centre and the contact channel it stands for. */
struct tel_line {
	char		 number[PHONE_MAX + 1];
	char		 channel[16];		/* office_line, oncall_mobile */
};

struct tel_config {
	struct tel_line	 lines[TEL_LINES_MAX];
	size_t		 nlines;
	char		 oncall[PHONE_MAX + 1];	/* "" none */
	char		 fallback[TEL_URI_MAX + 1];	/* number, URI or "" */
	int64_t		 version;		/* 0: never saved */
};

/* ---- route.c: the routing decision (pure). */

enum tel_action {
	TEL_GROUP,	/* ring the consultants' extensions */
	TEL_FORWARD,	/* a number, through the outbound gateway */
	TEL_URI,	/* a SIP URI (voicemail) */
	TEL_REJECT
};

struct tel_decision {
	enum tel_action	 action;
	const char	*reason;	/* static: office_hours, on_call, ... */
	bool		 out_of_hours;
	const char	*target;	/* TEL_FORWARD/TEL_URI: in the config */
};

/*
 * Where a call to line at time t goes: the group while the office is open
 * and extensions exist, the on-call number while a shift covers t, else
 * the fallback (a number or a URI), else a refusal.  on_shift: some shift
 * of the rota covers t; nextensions: how many extensions there are.
 */
void	 tel_decide(const struct tel_config *, const struct calendar *,
	    int64_t t, const char *line, bool on_shift, size_t nextensions,
	    struct tel_decision *);
/* The line's entry, or NULL. */
const struct tel_line *tel_line_find(const struct tel_config *,
	    const char *number);
/* Is s a fallback Haven accepts: an E.164 number or a plain sip: URI? */
bool	 tel_fallback_valid(const char *s);
/* Is s a printable ASCII SIP Call-ID of 1..TEL_CALL_ID_MAX characters? */
bool	 tel_call_id_valid(const char *s);
/* Is s 2..16 digits? */
bool	 tel_extension_valid(const char *s);

/* ---- call.c: a call's states (pure). */

enum call_state {
	CALL_NONE,	/* not reported yet */
	CALL_RINGING,
	CALL_ANSWERED,
	CALL_ENDED,
	CALL_MISSED,
	CALL__MAX
};

enum call_event {
	CEV_RINGING,
	CEV_ANSWERED,
	CEV_ENDED,
	CEV_MISSED,
	CEV__MAX
};

enum call_move {
	CALL_MOVE,	/* to *next */
	CALL_REPEAT,	/* the event was reported already: nothing to do */
	CALL_IMPOSSIBLE
};

enum call_move	 call_next(enum call_state, enum call_event,
		    enum call_state *next);
const char	*call_state_name(enum call_state);
int		 call_state_parse(const char *, enum call_state *);
int		 call_event_parse(const char *, enum call_event *);
/* Whole seconds between two times in ms, rounded, never negative. */
int64_t		 call_duration_s(int64_t from_ms, int64_t to_ms);

/* ---- tel_clock.c: the telephony clock (tests may shift it). */

/* Now, in ms: the real clock plus HAVEN_TELEPHONY_CLOCK_FILE's offset. */
int64_t		 tel_now_ms(void);

/* ---- tel_store.c: SQL. */

int	 tel_config_load(struct db *, struct tel_config *)
	    __attribute__((warn_unused_result));
/* Replace (inside a write): 1 done, 0 stale version, -1 error. */
int	 tel_config_save(struct db *, const struct tel_config *, int64_t by,
	    int64_t now) __attribute__((warn_unused_result));

struct tel_extension {
	int64_t		 user_id;
	char		 username[65];
	char		 role[16];
	char		 extension[TEL_EXT_MAX + 1];
};
typedef int	(*tel_ext_fn)(const struct tel_extension *, void *);
/* The extensions of enabled consultants and coordinators, by extension. */
int	 tel_extensions(struct db *, tel_ext_fn, void *)
	    __attribute__((warn_unused_result));
/* The user of an enabled staff member's extension: 1, 0 none, -1. */
int	 tel_extension_user(struct db *, const char *ext, int64_t *user)
	    __attribute__((warn_unused_result));
/* Set (ERR_UNIQUE when another user has ext) or remove (1, 0 none). */
int	 tel_extension_set(struct db *, int64_t user, const char *ext)
	    __attribute__((warn_unused_result));
int	 tel_extension_delete(struct db *, int64_t user)
	    __attribute__((warn_unused_result));

/* A call as kept in call_log. */
struct tel_call {
	int64_t		 id;
	char		 call_id[TEL_CALL_ID_MAX + 1];
	char		 line[PHONE_MAX + 1];
	char		 caller[PHONE_MAX + 1];	/* "" anonymous; opened */
	char		 target[16];
	enum call_state	 state;
	bool		 out_of_hours;
	int64_t		 started_ms, answered_ms, ended_ms;	/* 0: not */
	int64_t		 answered_by;
	char		 extension[TEL_EXT_MAX + 1];
	char		 missed_reason[16];
	int64_t		 contact_id, task_id;
};

/* 1 found (caller opened), 0 not, -1 error. */
int	 tel_call_get(struct db *, const char *call_id, struct tel_call *)
	    __attribute__((warn_unused_result));
int	 tel_call_insert(struct db *, struct tel_call *)
	    __attribute__((warn_unused_result));
int	 tel_call_update(struct db *, const struct tel_call *)
	    __attribute__((warn_unused_result));
/* The on-call consultant of a shift covering t: 1, 0 none, -1. */
int	 tel_on_shift(struct db *, int64_t t, int64_t *user, char name[65])
	    __attribute__((warn_unused_result));
/*
 * Who a call with no answering phone belongs to: the on-call consultant at
 * t, else the key consultant of the person's latest case (person may be
 * 0), else the first enabled coordinator.  1, 0 nobody, -1.
 */
int	 tel_responsible(struct db *, int64_t t, int64_t person,
	    int64_t *user) __attribute__((warn_unused_result));

/* ---- tel_hub.c: the call screens listening (Server-Sent Events). */

/* Open the stream of r's user (answers r).  -1 when answered otherwise. */
int	 tel_hub_listen(struct req *);
/*
 * Send one event to every stream of user whose session is still live (db
 * tells), and end the others; data is stolen.
 */
void	 tel_hub_push(struct db *, int64_t user, const char *event,
	    json_t *data);

/* ---- tel_demo.c. */
struct demo_ctx;
int	 telephony_demo(struct db *, const struct demo_ctx *)
	    __attribute__((warn_unused_result));

extern const struct route	telephony_routes[];
extern const size_t		telephony_nroutes;

#endif
