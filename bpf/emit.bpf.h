/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Counting and sending records: bounded chunks through the ring buffer. Included once, by llmobserve.bpf.c. */
#ifndef LLMO_EMIT_BPF_H
#define LLMO_EMIT_BPF_H

static __always_inline void count(__u32 idx, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);
	if (v)
		*v += n;
}

/*
 * Writes a record without waking the collector until a batch's worth is waiting: it polls with a
 * short timeout anyway, so a wakeup per record would only cost context switches.
 */
static __always_inline long submit(void *data, __u64 size)
{
	__u64 flags = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= llmo_config.wakeup_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
	return bpf_ringbuf_output(&events, data, size, flags);
}

static __always_inline int ignored(__u32 tgid)
{
	return tgid == llmo_config.collector_pid || bpf_map_lookup_elem(&ignored_pids, &tgid) != NULL;
}

static __always_inline __u64 next_conn_id(void)
{
	return __sync_fetch_and_add(&conn_seq, 1) + 1;
}

static __always_inline void fill_header(struct llmo_event_header *h, __u32 kind, __u64 conn_id)
{
	__u64 id = bpf_get_current_pid_tgid();
	h->kind = kind;
	h->flags = 0;
	h->timestamp_ns = bpf_ktime_get_ns();
	h->pid = id >> 32;
	h->tid = (__u32)id;
	h->conn_id = conn_id;
}

static __always_inline void emit_conn(__u64 conn_id, __s32 fd, struct sock_state *sock, __u8 source)
{
	struct llmo_conn_event ev = {};
	fill_header(&ev.header, LLMO_EVENT_CONN, conn_id);
	ev.fd = fd;
	ev.source = source;
	if (sock) {
		ev.family = sock->family;
		ev.remote_port = sock->port;
		ev.role = sock->role;
		__builtin_memcpy(ev.remote_addr, sock->addr, 16);
	}
	if (submit(&ev, sizeof(ev)))
		count(LLMO_CNT_RINGBUF_FULL, 1);
	else
		count(LLMO_CNT_EVENTS, 1);
}

static __always_inline void emit_close(__u64 conn_id)
{
	struct llmo_event_header ev = {};
	fill_header(&ev, LLMO_EVENT_CLOSE, conn_id);
	if (submit(&ev, sizeof(ev)))
		count(LLMO_CNT_RINGBUF_FULL, 1);
	else
		count(LLMO_CNT_EVENTS, 1);
}

/*
 * Loop state of emit_data. Only `flags` and `lost` change between iterations, so the verifier
 * sees a handful of states however many chunks a call has.
 */
struct emit_ctx {
	__u64 conn_id;
	__u64 base_offset;
	__u64 buf;
	__u64 total;
	__u32 flags; /* LLMO_FLAG_* still to put on the next chunk */
	__u32 lost;  /* a chunk was lost: flag the next one */
	__u8 direction;
	__u8 source;
	__u8 truncate_last;
};

static long emit_chunk(__u32 index, struct emit_ctx *c)
{
	__u64 off = (__u64)index * LLMO_CHUNK_SIZE;
	__u32 zero = 0;
	struct chunk *ch;
	__u64 n;

	if (off >= c->total)
		return 1;
	ch = bpf_map_lookup_elem(&scratch, &zero);
	if (!ch)
		return 1;
	n = c->total - off;
	if (n > LLMO_CHUNK_SIZE)
		n = LLMO_CHUNK_SIZE;
	fill_header(&ch->event.header, LLMO_EVENT_DATA, c->conn_id);
	ch->event.header.flags = c->flags | (c->lost ? LLMO_FLAG_LOST_BEFORE : 0);
	if (c->truncate_last && off + n == c->total)
		ch->event.header.flags |= LLMO_FLAG_TRUNCATED;
	ch->event.offset = c->base_offset + off;
	ch->event.length = n;
	ch->event.direction = c->direction;
	ch->event.source = c->source;
	if (bpf_probe_read_user(ch->data, n, (void *)(c->buf + off))) {
		count(LLMO_CNT_READ_FAULT, 1);
		c->lost = 1;
	} else if (submit(ch, sizeof(ch->event) + n)) {
		count(LLMO_CNT_RINGBUF_FULL, 1);
		count(LLMO_CNT_LOST_BYTES, n);
		c->lost = 1;
	} else {
		count(LLMO_CNT_EVENTS, 1);
		count(LLMO_CNT_BYTES, n);
		c->lost = 0;
		c->flags = 0;
	}
	return 0;
}

/* Sends len bytes at buf as chunks of conn in one direction, honouring mute and cap. */
static __always_inline void emit_data(struct conn_state *cs, __u8 dir, __u8 source, __u64 buf, __u64 len)
{
	struct emit_ctx c = {};
	__u64 cap = llmo_config.conn_byte_cap;
	__u64 send = len, chunks;

	if (len == 0 || dir > 1)
		return;
	if (bpf_map_lookup_elem(&muted, &cs->id)) {
		count(LLMO_CNT_MUTED_BYTES, len);
		cs->bytes[dir] += len;
		return;
	}
	/*
	 * The cap bounds each message, not the connection's life: a keep-alive connection carries any
	 * number of exchanges. A run of one direction ends when the other one sends (request, then response).
	 */
	cs->run[dir ^ 1] = 0;
	if (cap) {
		if (cs->run[dir] >= cap) {
			count(LLMO_CNT_CAP_BYTES, len);
			cs->bytes[dir] += len;
			cs->run[dir] += len;
			cs->flags |= CONN_LOST(dir);
			return;
		}
		if (cs->run[dir] + len > cap) {
			send = cap - cs->run[dir];
			count(LLMO_CNT_CAP_BYTES, len - send);
			c.truncate_last = 1;
		}
	}
	chunks = (send + LLMO_CHUNK_SIZE - 1) / LLMO_CHUNK_SIZE;
	if (chunks > LLMO_MAX_CHUNKS_PER_CALL) {
		count(LLMO_CNT_CALL_TOO_BIG, send - (__u64)LLMO_MAX_CHUNKS_PER_CALL * LLMO_CHUNK_SIZE);
		chunks = LLMO_MAX_CHUNKS_PER_CALL;
		send = (__u64)LLMO_MAX_CHUNKS_PER_CALL * LLMO_CHUNK_SIZE;
		/* The rest shows up as an offset gap, flagged on the next chunk. */
	}
	c.conn_id = cs->id;
	c.base_offset = cs->bytes[dir];
	c.buf = buf;
	c.total = send;
	c.direction = dir;
	c.source = source;
	c.lost = (cs->flags & CONN_LOST(dir)) ? 1 : 0;
	bpf_loop(chunks, emit_chunk, &c, 0);
	if (c.lost || send < len)
		cs->flags |= CONN_LOST(dir);
	else
		cs->flags &= ~CONN_LOST(dir);
	cs->bytes[dir] += len;
	cs->run[dir] += len;
}

#endif /* LLMO_EMIT_BPF_H */
