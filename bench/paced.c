/*
 * A paced HTTP load: requests at a fixed rate whatever the server does,
 * the way wrk2 paces them, so that a slow answer cannot hide the requests
 * that queued behind it (coordinated omission).  Each request has a
 * scheduled time; its latency runs from that time, not from when it could
 * be written.  Requests go round-robin over keep-alive connections, one in
 * flight per connection, the rest queued in order.
 *
 * usage: paced HOST PORT REQUEST_FILE RATE SECONDS CONNECTIONS
 * REQUEST_FILE holds one whole HTTP/1.1 request (headers, blank line,
 * body).  Prints one JSON line: counts and latency percentiles in us.
 * Bench tool only: not part of Haven.
 */
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define QMAX	65536
#define RBUF	(1 << 20)

struct conn {
	int		 fd;
	int64_t		*q;		/* scheduled times, ns */
	size_t		 qh, qn;	/* head, count */
	size_t		 wrote;		/* bytes of the request in flight */
	char		*in;
	size_t		 inlen;
	int		 busy;
};

static const char	*req;
static size_t		 reqlen;
static int64_t		*lat;
static size_t		 nlat, caplat;
static long		 errors;

static int64_t
now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
dial(const char *host, int port)
{
	struct sockaddr_in	 sa;
	int			 fd, one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return -1;
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

static void
send_some(struct conn *c)
{
	ssize_t	 n;

	while (c->wrote < reqlen) {
		n = write(c->fd, req + c->wrote, reqlen - c->wrote);
		if (n <= 0)
			return;		/* EAGAIN: epoll tells us */
		c->wrote += (size_t)n;
	}
}

static void
start_next(struct conn *c)
{
	if (c->busy || c->qn == 0)
		return;
	c->busy = 1;
	c->wrote = 0;
	c->inlen = 0;
	send_some(c);
}

/* A whole answer in c->in?  Its length, or 0. */
static size_t
answer_len(struct conn *c, int *status)
{
	char	*end, *p;
	size_t	 hdr, body = 0;

	c->in[c->inlen] = '\0';
	if ((end = strstr(c->in, "\r\n\r\n")) == NULL)
		return 0;
	hdr = (size_t)(end - c->in) + 4;
	*status = atoi(c->in + 9);
	for (p = c->in; p < end; p++)
		if ((p == c->in || p[-1] == '\n') &&
		    strncasecmp(p, "Content-Length:", 15) == 0)
			body = strtoul(p + 15, NULL, 10);
	return c->inlen >= hdr + body ? hdr + body : 0;
}

static void
record(int64_t v)
{
	if (nlat == caplat) {
		caplat = caplat ? caplat * 2 : 65536;
		lat = realloc(lat, caplat * sizeof(*lat));
	}
	lat[nlat++] = v;
}

static int
cmp64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t
pct(double p)
{
	size_t	 i;

	if (nlat == 0)
		return 0;
	i = (size_t)(p * (double)(nlat - 1) + 0.5);
	return lat[i] / 1000;
}

int
main(int argc, char *argv[])
{
	struct epoll_event	 ev, evs[256];
	struct conn		*cs;
	FILE			*f;
	int64_t			 t0, interval, next, deadline, now;
	long			 rate, secs, sent = 0, total;
	int			 ep, nconn, i, k, n, status, port;
	size_t			 len;

	if (argc != 7) {
		fprintf(stderr, "usage: paced HOST PORT REQUEST_FILE RATE "
		    "SECONDS CONNECTIONS\n");
		return 2;
	}
	port = atoi(argv[2]);
	rate = atol(argv[4]);
	secs = atol(argv[5]);
	nconn = atoi(argv[6]);
	if ((f = fopen(argv[3], "rb")) == NULL)
		return perror(argv[3]), 1;
	req = malloc(1 << 16);
	reqlen = fread((char *)req, 1, 1 << 16, f);
	fclose(f);
	ep = epoll_create1(0);
	cs = calloc((size_t)nconn, sizeof(*cs));
	for (i = 0; i < nconn; i++) {
		if ((cs[i].fd = dial(argv[1], port)) == -1)
			return perror("connect"), 1;
		cs[i].q = malloc(QMAX * sizeof(int64_t));
		cs[i].in = malloc(RBUF + 1);
		ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
		ev.data.u32 = (uint32_t)i;
		epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev);
	}
	interval = 1000000000LL / rate;
	total = rate * secs;
	t0 = now_ns();
	next = t0;
	deadline = t0 + secs * 1000000000LL + 10000000000LL;
	while ((sent < total || (long)nlat + errors < sent) &&
	    (now = now_ns()) < deadline) {
		while (sent < total && next <= now) {
			struct conn	*c = &cs[sent % nconn];

			if (c->qn == QMAX) {
				errors++;	/* hopelessly behind */
			} else {
				c->q[(c->qh + c->qn) % QMAX] = next;
				c->qn++;
				start_next(c);
			}
			sent++;
			next += interval;
		}
		k = (int)((next - now) / 1000000);
		n = epoll_wait(ep, evs, 256, sent < total ? (k > 0 ? k : 0) :
		    10);
		for (i = 0; i < n; i++) {
			struct conn	*c = &cs[evs[i].data.u32];
			ssize_t		 r;

			if (evs[i].events & EPOLLOUT && c->busy)
				send_some(c);
			if (!(evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
				continue;
			for (;;) {
				r = read(c->fd, c->in + c->inlen, RBUF -
				    c->inlen);
				if (r <= 0)
					break;
				c->inlen += (size_t)r;
				while (c->busy && (len = answer_len(c,
				    &status)) > 0) {
					now = now_ns();
					if (status >= 200 && status < 300)
						record(now - c->q[c->qh]);
					else
						errors++;
					c->qh = (c->qh + 1) % QMAX;
					c->qn--;
					memmove(c->in, c->in + len, c->inlen -
					    len);
					c->inlen -= len;
					c->busy = 0;
					start_next(c);
				}
			}
			if (r == 0) {
				fprintf(stderr, "paced: a connection closed\n");
				return 1;
			}
		}
	}
	qsort(lat, nlat, sizeof(*lat), cmp64);
	printf("{\"rate\": %ld, \"sent\": %ld, \"ok\": %zu, \"errors\": %ld, "
	    "\"p50_us\": %lld, \"p90_us\": %lld, \"p99_us\": %lld, "
	    "\"max_us\": %lld}\n", rate, sent, nlat, errors, (long long)pct(0.5),
	    (long long)pct(0.9), (long long)pct(0.99), (long long)pct(1.0));
	return 0;
}
