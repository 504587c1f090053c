/*
 * The server's side of http_stream (stream.c): the set of open streams
 * that server.c starts, feeds into responses and ends at http_stop.
 */
#ifndef HAVEN_HTTP_STREAM_INT_H
#define HAVEN_HTTP_STREAM_INT_H

#include <pthread.h>
#include <stdbool.h>

#include <microhttpd.h>

#include "http/http.h"

struct stream_set {
	pthread_mutex_t		 mu;	/* the list, and every stream in it */
	pthread_cond_t		 cv;	/* wakes the ticker to stop */
	struct http_stream	*head;
	size_t			 n;
	pthread_t		 ticker;
	bool			 ticking;
	bool			 stopping;
};

int	 stream_set_start(struct stream_set *);
/* End every stream (their clients see the end) and stop the ticker. */
void	 stream_set_stop(struct stream_set *);
/* req_stream() on the server's set. */
struct http_stream *req_stream_new(struct req *, struct stream_set *,
		    const char *ctype, const char *beat, stream_gone_fn,
		    void *cls);
/* The response of a stream answered by req_stream(); NULL on failure,
 * after which the stream is gone. */
struct MHD_Response *stream_response(struct http_stream *);

#endif
