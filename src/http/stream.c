/*
 * Long-lived answers (Server-Sent Events): see http.h.
 *
 * libmicrohttpd asks a content reader for bytes whenever the socket can
 * take them.  A reader with nothing to send must not answer 0 and return,
 * or the daemon's thread spins; it suspends the connection instead, and
 * whoever queues bytes later resumes it.  One mutex per server guards the
 * list of streams and each stream's queue and suspended flag, so a resume
 * can never slip between a reader's "empty" and its suspend.
 *
 * A suspended connection never times out, so a ticker thread sends the
 * stream's keep-alive bytes to every stream idle for STREAM_BEAT_US: a
 * client that has gone is found when that write fails, and its stream is
 * freed.  Lock order: the owner's lock (held while it sends), then the set's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/xmalloc.h"
#include "http/http.h"
#include "http/stream_int.h"

#define STREAM_BEAT_US	(15 * 1000000LL)	/* keep-alive when idle */
#define STREAM_TICK_S	5
#define STREAM_QUEUE_MAX (256u << 10)	/* unread bytes before a drop */
#define STREAM_BLOCK	4096

struct http_stream {
	struct stream_set	*set;
	struct MHD_Connection	*conn;
	struct buf		 out;		/* queued, not yet sent */
	const char		*beat;		/* static; may be NULL */
	int64_t			 last_us;	/* bytes last queued */
	bool			 suspended;
	bool			 ending;	/* send what is queued, end */
	bool			 dead;		/* the client has gone */
	stream_gone_fn		 gone;
	void			*cls;
	struct http_stream	*prev, *next;
};

/* Resume a suspended stream so that MHD asks for bytes; set->mu held. */
static void
stream_wake(struct http_stream *s)
{
	if (s->suspended) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

/* Queue bytes; set->mu held. */
static bool
stream_queue(struct http_stream *s, const char *p, size_t n)
{
	if (s->dead || s->ending)
		return false;
	if (s->out.len + n > STREAM_QUEUE_MAX) {
		/* A client that does not read gets its stream ended. */
		log_warnx("http: a stream's client reads nothing: ending it");
		s->ending = true;
		stream_wake(s);
		return false;
	}
	buf_add(&s->out, p, n);
	s->last_us = clock_mono_us();
	stream_wake(s);
	return true;
}

bool
http_stream_send(struct http_stream *s, const char *p, size_t n)
{
	bool	 ok;

	pthread_mutex_lock(&s->set->mu);
	ok = stream_queue(s, p, n);
	pthread_mutex_unlock(&s->set->mu);
	return ok;
}

void
http_stream_end(struct http_stream *s)
{
	pthread_mutex_lock(&s->set->mu);
	s->ending = true;
	stream_wake(s);
	pthread_mutex_unlock(&s->set->mu);
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *to, size_t max)
{
	struct http_stream	*s = cls;
	size_t			 n;

	(void)pos;
	pthread_mutex_lock(&s->set->mu);
	if (s->out.len > 0) {
		n = s->out.len < max ? s->out.len : max;
		memcpy(to, s->out.data, n);
		memmove(s->out.data, s->out.data + n, s->out.len - n);
		s->out.len -= n;
		pthread_mutex_unlock(&s->set->mu);
		return (ssize_t)n;
	}
	if (s->ending) {
		pthread_mutex_unlock(&s->set->mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	s->suspended = true;
	MHD_suspend_connection(s->conn);
	pthread_mutex_unlock(&s->set->mu);
	return 0;
}

/* MHD is done with the response: the client went, or the stream ended. */
static void
stream_free(void *cls)
{
	struct http_stream	*s = cls;
	struct stream_set	*set = s->set;

	pthread_mutex_lock(&set->mu);
	s->dead = true;
	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		set->head = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	set->n--;
	pthread_mutex_unlock(&set->mu);
	/* Outside the set's lock: the owner takes its own, then may send. */
	s->gone(s->cls);
	buf_release(&s->out);
	free(s);
}

struct http_stream *
req_stream_new(struct req *r, struct stream_set *set, const char *ctype,
    const char *beat, stream_gone_fn gone, void *cls)
{
	struct http_stream	*s;

	pthread_mutex_lock(&set->mu);
	if (set->stopping) {
		pthread_mutex_unlock(&set->mu);
		req_error(r, API_EUNAVAILABLE, NULL, NULL);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->set = set;
	s->conn = r->conn;
	buf_init(&s->out, STREAM_QUEUE_MAX + STREAM_BLOCK);
	s->beat = beat;
	s->last_us = clock_mono_us();
	s->gone = gone;
	s->cls = cls;
	s->next = set->head;
	if (set->head != NULL)
		set->head->prev = s;
	set->head = s;
	set->n++;
	pthread_mutex_unlock(&set->mu);
	r->stream = s;
	r->status = 200;
	r->ctype = ctype;
	r->answered = true;
	return s;
}

struct MHD_Response *
stream_response(struct http_stream *s)
{
	struct MHD_Response	*resp;

	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN,
	    STREAM_BLOCK, stream_read, s, stream_free);
	if (resp == NULL)
		stream_free(s);
	return resp;
}

static void *
stream_ticker(void *arg)
{
	struct stream_set	*set = arg;
	struct http_stream	*s;
	struct timespec		 ts;
	int64_t			 now;

	pthread_mutex_lock(&set->mu);
	while (!set->stopping) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += STREAM_TICK_S;
		pthread_cond_timedwait(&set->cv, &set->mu, &ts);
		if (set->stopping)
			break;
		now = clock_mono_us();
		for (s = set->head; s != NULL; s = s->next)
			if (s->beat != NULL && now - s->last_us >=
			    STREAM_BEAT_US)
				stream_queue(s, s->beat, strlen(s->beat));
	}
	pthread_mutex_unlock(&set->mu);
	return NULL;
}

int
stream_set_start(struct stream_set *set)
{
	memset(set, 0, sizeof(*set));
	pthread_mutex_init(&set->mu, NULL);
	pthread_cond_init(&set->cv, NULL);
	if ((errno = pthread_create(&set->ticker, NULL, stream_ticker,
	    set)) != 0) {
		log_warn("http: cannot start the streams' ticker");
		return -1;
	}
	set->ticking = true;
	return 0;
}

void
stream_set_stop(struct stream_set *set)
{
	struct http_stream	*s;

	pthread_mutex_lock(&set->mu);
	set->stopping = true;
	for (s = set->head; s != NULL; s = s->next) {
		s->ending = true;
		stream_wake(s);
	}
	pthread_cond_signal(&set->cv);
	pthread_mutex_unlock(&set->mu);
	if (set->ticking)
		pthread_join(set->ticker, NULL);
	set->ticking = false;
}
