/*
 * The call screens listening for their calls (telephony.h): one stream per
 * open call screen, kept with its user and session, fed by the events of
 * calls that user answered.  A stream is freed when its browser goes
 * (gone()); one whose session has ended (log-out, revocation, idle or
 * expired, user disabled) is ended before anything is sent to it, so a
 * pop never reaches a screen that its session no longer covers.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "telephony/telephony.h"

#define HUB_MAX		512	/* streams in all */
#define HUB_PER_USER	8	/* a consultant's tabs and screens */
#define HUB_EVENT_MAX	(1u << 20)

struct listener {
	int64_t			 user;
	int64_t			 session;
	int64_t			 opened;	/* order, for the oldest */
	bool			 ending;
	struct http_stream	*stream;
	struct listener		*next;
};

static pthread_mutex_t	 hub_mu = PTHREAD_MUTEX_INITIALIZER;
static struct listener	*hub_head;
static size_t		 hub_n;
static int64_t		 hub_opened;

static void
listener_gone(void *cls)
{
	struct listener	*l = cls, **p;

	pthread_mutex_lock(&hub_mu);
	for (p = &hub_head; *p != NULL; p = &(*p)->next)
		if (*p == l) {
			*p = l->next;
			hub_n--;
			break;
		}
	pthread_mutex_unlock(&hub_mu);
	free(l);
}

/* End a listener's stream; it leaves the list when its stream is gone.
 * hub_mu held. */
static void
listener_end(struct listener *l)
{
	if (!l->ending) {
		l->ending = true;
		http_stream_end(l->stream);
	}
}

/* An event as the stream carries it; data's JSON has no raw newline. */
static void
event_send(struct http_stream *s, const char *event, const char *data)
{
	struct buf	 b;

	buf_init(&b, HUB_EVENT_MAX);
	buf_addf(&b, "event: %s\ndata: %s\n\n", event, data);
	if (!b.err)
		(void)http_stream_send(s, b.data, b.len);
	sodium_memzero(b.data, b.len);
	buf_release(&b);
}

int
tel_hub_listen(struct req *r)
{
	const struct principal	*p = auth_principal(r);
	struct listener		*l, *it, *oldest = NULL;
	size_t			 mine = 0;
	json_t			*o;
	char			*hello;

	pthread_mutex_lock(&hub_mu);
	for (it = hub_head; it != NULL; it = it->next)
		if (it->user == p->user_id && !it->ending) {
			mine++;
			if (oldest == NULL || it->opened < oldest->opened)
				oldest = it;
		}
	/*
	 * A closed tab is noticed only at the next keep-alive: rather than
	 * refuse the screen in front of the consultant, end their oldest.
	 */
	if (mine >= HUB_PER_USER)
		listener_end(oldest);
	if (hub_n >= HUB_MAX) {
		pthread_mutex_unlock(&hub_mu);
		return req_error(r, API_ETOOMANY, NULL, "Too many call screens "
		    "are open on this server.");
	}
	l = xcalloc(1, sizeof(*l));
	l->user = p->user_id;
	l->session = p->session_id;
	l->opened = ++hub_opened;
	l->stream = req_stream(r, "text/event-stream; charset=utf-8",
	    ": keep-alive\n\n", listener_gone, l);
	if (l->stream == NULL) {
		pthread_mutex_unlock(&hub_mu);
		free(l);
		return -1;
	}
	l->next = hub_head;
	hub_head = l;
	hub_n++;
	/* Registered: a call answered from now on reaches this screen. */
	(void)http_stream_send(l->stream, "retry: 3000\n\n", 13);
	o = json_pack("{s:s}", "user", p->username);
	hello = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (hello != NULL) {
		event_send(l->stream, "hello", hello);
		free(hello);
	}
	pthread_mutex_unlock(&hub_mu);
	return 0;
}

#define HUB_CHECK_MAX	HUB_PER_USER

void
tel_hub_push(struct db *db, int64_t user, const char *event, json_t *data)
{
	struct auth_settings	 set;
	struct listener		*l;
	int64_t			 sessions[HUB_CHECK_MAX];
	int			 alive[HUB_CHECK_MAX];
	size_t			 n = 0, i, sent = 0;
	char			*text;

	if (data == NULL)
		return;
	text = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	if (text == NULL)
		return;
	/* Which sessions listen for user, then which are still live: the
	 * database is asked without the hub's lock held. */
	pthread_mutex_lock(&hub_mu);
	for (l = hub_head; l != NULL && n < HUB_CHECK_MAX; l = l->next)
		if (l->user == user && !l->ending)
			sessions[n++] = l->session;
	pthread_mutex_unlock(&hub_mu);
	if (n > 0 && auth_settings(db, &set) == -1)
		n = 0;
	for (i = 0; i < n; i++)
		alive[i] = session_alive(db, sessions[i], clock_now(),
		    &set.limits);
	pthread_mutex_lock(&hub_mu);
	for (l = hub_head; l != NULL; l = l->next) {
		if (l->user != user || l->ending)
			continue;
		for (i = 0; i < n && sessions[i] != l->session; i++)
			continue;
		if (i < n && alive[i] == 1) {
			event_send(l->stream, event, text);
			sent++;
		} else if (i < n && alive[i] == 0)
			listener_end(l);
	}
	pthread_mutex_unlock(&hub_mu);
	if (sent == 0)
		log_info("telephony: user %lld has no call screen open for a "
		    "%s event", (long long)user, event);
	/* The text may hold a safe-contact protocol. */
	sodium_memzero(text, strlen(text));
	free(text);
}
