/*
 * The call screens listening for their calls (telephony.h): one stream per
 * open call screen, kept by user, fed by the events of calls that user
 * answered.  A stream is freed when its browser goes (gone()).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "telephony/telephony.h"

#define HUB_MAX		512	/* streams in all */
#define HUB_PER_USER	8	/* a consultant's tabs and screens */

struct listener {
	int64_t			 user;
	struct http_stream	*stream;
	struct listener		*next;
};

static pthread_mutex_t	 hub_mu = PTHREAD_MUTEX_INITIALIZER;
static struct listener	*hub_head;
static size_t		 hub_n;

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

/* An event as the stream carries it; data's JSON has no raw newline. */
static void
event_send(struct http_stream *s, const char *event, const char *data)
{
	struct buf	 b;

	buf_init(&b, 1u << 20);
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
	struct listener		*l, *it;
	size_t			 mine = 0;
	json_t			*o;
	char			*hello;

	pthread_mutex_lock(&hub_mu);
	for (it = hub_head; it != NULL; it = it->next)
		mine += it->user == p->user_id;
	if (mine >= HUB_PER_USER || hub_n >= HUB_MAX) {
		pthread_mutex_unlock(&hub_mu);
		return req_error(r, API_ETOOMANY, NULL, "Too many call screens "
		    "are open: close one.");
	}
	l = xcalloc(1, sizeof(*l));
	l->user = p->user_id;
	l->stream = req_stream(r, "text/event-stream; charset=utf-8",
	    ": keep-alive\n\n",
	    listener_gone, l);
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

void
tel_hub_push(int64_t user, const char *event, json_t *data)
{
	struct listener	*l;
	char		*text;
	size_t		 sent = 0;

	if (data == NULL)
		return;
	text = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	if (text == NULL)
		return;
	pthread_mutex_lock(&hub_mu);
	for (l = hub_head; l != NULL; l = l->next)
		if (l->user == user) {
			event_send(l->stream, event, text);
			sent++;
		}
	pthread_mutex_unlock(&hub_mu);
	if (sent == 0)
		log_info("telephony: user %lld has no call screen open for a "
		    "%s event", (long long)user, event);
	/* The text may hold a safe-contact protocol. */
	sodium_memzero(text, strlen(text));
	free(text);
}
