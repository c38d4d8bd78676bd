// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * LlmObserve capture programs.
 *
 * TLS: uprobes on SSL_write/SSL_write_ex/SSL_read/SSL_read_ex copy the plaintext at return
 * (read buffers are only filled then). A TLS connection is identified by its SSL pointer; the
 * socket behind it is the fd of the read/write syscall the same thread makes inside the call
 * (OpenSSL versions differ in struct layout, syscalls do not), remembered per SSL pointer, with
 * the thread's last socket fd as a fallback.
 *
 * Plain HTTP: connect() to a port the collector lists in plain_ports marks the socket; read/write
 * family syscalls on it are copied. accept()ed sockets are tracked so that TLS on the server
 * side of a connection is not shipped (the client side, on its own node, is).
 *
 * Transport: bounded chunks (LLMO_CHUNK_SIZE) through one ring buffer, never a worst-case
 * reservation; every loss is counted in `counters` and flagged on the next chunk.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "llmobserve.h"

#define AF_INET 2
#define AF_INET6 10
#define EINPROGRESS 115
#define MAX_IOV 16

#define CONN_ANNOUNCED 0x1
#define CONN_CAPPED(dir) (0x2u << (dir))
#define CONN_LOST(dir) (0x8u << (dir))

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile struct llmo_config llmo_config SEC(".rodata.config") = {
	.conn_byte_cap = 64ull << 20,
	.wakeup_bytes = 256 << 10,
};

/* Sequence for connection ids (1, 2, …), unique for the life of the loaded object. */
__u64 conn_seq = 0;

struct conn_state {
	__u64 id;
	__u64 bytes[2]; /* per direction, including bytes not sent */
	__u32 flags;
	__u32 _pad;
};

struct sock_key {
	__u32 tgid;
	__s32 fd;
};

struct sock_state {
	struct conn_state conn; /* plaintext capture */
	__u64 ssl;              /* TLS connection riding on this socket, 0 if none */
	__u16 family;
	__u16 port;
	__u8 addr[16];
	__u8 role;
	__u8 plaintext;
	__u8 _pad[2];
};

struct ssl_key {
	__u32 tgid;
	__u32 _pad;
	__u64 ssl;
};

struct ssl_state {
	struct conn_state conn;
	__s32 fd;
	__u32 fd_seen; /* fd came from a syscall inside an SSL call, not the last-fd guess */
};

struct ssl_call {
	__u64 ssl;
	__u64 buf;
	__u64 len_out; /* size_t * of the _ex variants, 0 otherwise */
	__s32 fd;      /* first socket fd the thread used inside the call */
	__u32 _pad;
};

struct sys_call {
	__u64 buf; /* buffer or iovec array */
	__u64 iovcnt; /* 0: plain buffer */
	__s32 fd;
	__u32 _pad;
};

struct addr_call {
	__u64 addr;
	__s32 fd;
	__u32 _pad;
};

struct chunk {
	struct llmo_data_event event;
	__u8 data[LLMO_CHUNK_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LLMO_CNT__MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct chunk);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64); /* pid_tgid */
	__type(value, struct ssl_call);
} ssl_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct ssl_key);
	__type(value, struct ssl_state);
} ssl_conns SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct sock_key);
	__type(value, struct sock_state);
} socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct sys_call);
} sys_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct addr_call);
} addr_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __s32);
} last_fd SEC(".maps");

/* Filled by the collector: ports of plaintext model servers (Ollama, vLLM …). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u16);
	__type(value, __u8);
} plain_ports SEC(".maps");

/* Filled by the collector: connections it decided not to follow (not LLM traffic). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u8);
} muted SEC(".maps");

/* Filled by the collector: processes outside the watched namespaces/commands. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} ignored_pids SEC(".maps");

/* Keep the event layouts in the object's BTF for the layout test. */
const struct llmo_data_event *unused_data_event __attribute__((unused));
const struct llmo_conn_event *unused_conn_event __attribute__((unused));
const struct llmo_proc_event *unused_proc_event __attribute__((unused));
const struct llmo_config *unused_config __attribute__((unused));
const enum llmo_event_kind *unused_kind __attribute__((unused));
const enum llmo_counter *unused_counter __attribute__((unused));

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
	if (cap) {
		if (cs->bytes[dir] >= cap) {
			count(LLMO_CNT_CAP_BYTES, len);
			cs->bytes[dir] += len;
			return;
		}
		if (cs->bytes[dir] + len > cap) {
			send = cap - cs->bytes[dir];
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
	if (c.truncate_last)
		cs->flags |= CONN_CAPPED(dir);
	if (c.lost || send < len)
		cs->flags |= CONN_LOST(dir);
	else
		cs->flags &= ~CONN_LOST(dir);
	cs->bytes[dir] += len;
}

/* ---- TLS (uprobes) ---- */

static __always_inline int ssl_enter(void *ssl, const void *buf, void *len_out)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct ssl_call call = {};

	if (ignored(id >> 32))
		return 0;
	call.ssl = (__u64)ssl;
	call.buf = (__u64)buf;
	call.len_out = (__u64)len_out;
	call.fd = -1;
	bpf_map_update_elem(&ssl_calls, &id, &call, BPF_ANY);
	return 0;
}

static __always_inline struct ssl_state *ssl_conn(struct ssl_call *call, __u32 tgid, __u64 pid_tgid)
{
	struct ssl_key key = { .tgid = tgid, .ssl = call->ssl };
	struct ssl_state *st = bpf_map_lookup_elem(&ssl_conns, &key);

	if (!st) {
		struct ssl_state fresh = {};
		fresh.conn.id = next_conn_id();
		fresh.fd = -1;
		if (bpf_map_update_elem(&ssl_conns, &key, &fresh, BPF_NOEXIST) && bpf_map_update_elem(&ssl_conns, &key, &fresh, BPF_ANY)) {
			count(LLMO_CNT_STATE_FULL, 1);
			return NULL;
		}
		st = bpf_map_lookup_elem(&ssl_conns, &key);
		if (!st)
			return NULL;
	}
	if (call->fd >= 0 && !st->fd_seen) {
		st->fd = call->fd;
		st->fd_seen = 1;
	} else if (st->fd < 0) {
		__s32 *last = bpf_map_lookup_elem(&last_fd, &pid_tgid);
		if (last)
			st->fd = *last;
	}
	return st;
}

static __always_inline int ssl_exit(long ret, __u8 dir)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;
	struct ssl_call *call = bpf_map_lookup_elem(&ssl_calls, &id);
	struct sock_state *sock = NULL;
	struct ssl_state *st;
	__u64 len = 0;

	if (!call)
		return 0;
	if (call->len_out) {
		__u64 out = 0;
		if (ret == 1 && !bpf_probe_read_user(&out, sizeof(out), (void *)call->len_out))
			len = out;
	} else if (ret > 0) {
		len = ret;
	}
	if (len == 0)
		goto done;
	st = ssl_conn(call, tgid, id);
	if (!st)
		goto done;
	if (st->fd >= 0) {
		struct sock_key sk = { .tgid = tgid, .fd = st->fd };
		sock = bpf_map_lookup_elem(&socks, &sk);
		if (sock && st->fd_seen) {
			/* Only a socket seen inside the call is trusted this far: the last-fd guess can
			 * name another connection of the same thread (a process that is client and server). */
			sock->ssl = call->ssl;
			if (sock->role == LLMO_ROLE_SERVER) {
				count(LLMO_CNT_SERVER_BYTES, len);
				goto done;
			}
		}
		if (sock && !st->fd_seen && sock->role != LLMO_ROLE_CLIENT)
			sock = NULL; /* a guess that names an accepted socket is wrong for a client's call */
	}
	if (!(st->conn.flags & CONN_ANNOUNCED)) {
		emit_conn(st->conn.id, st->fd, sock, LLMO_SOURCE_OPENSSL);
		st->conn.flags |= CONN_ANNOUNCED;
	}
	emit_data(&st->conn, dir, LLMO_SOURCE_OPENSSL, call->buf, len);
done:
	bpf_map_delete_elem(&ssl_calls, &id);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(ssl_write_enter, void *ssl, const void *buf, int num)
{
	return ssl_enter(ssl, buf, NULL);
}

SEC("uretprobe")
int BPF_KRETPROBE(ssl_write_exit, int ret)
{
	return ssl_exit(ret, LLMO_EGRESS);
}

SEC("uprobe")
int BPF_KPROBE(ssl_write_ex_enter, void *ssl, const void *buf, size_t num, size_t *written)
{
	return ssl_enter(ssl, buf, written);
}

SEC("uretprobe")
int BPF_KRETPROBE(ssl_write_ex_exit, int ret)
{
	return ssl_exit(ret, LLMO_EGRESS);
}

SEC("uprobe")
int BPF_KPROBE(ssl_read_enter, void *ssl, void *buf, int num)
{
	return ssl_enter(ssl, buf, NULL);
}

SEC("uretprobe")
int BPF_KRETPROBE(ssl_read_exit, int ret)
{
	return ssl_exit(ret, LLMO_INGRESS);
}

SEC("uprobe")
int BPF_KPROBE(ssl_read_ex_enter, void *ssl, void *buf, size_t num, size_t *readbytes)
{
	return ssl_enter(ssl, buf, readbytes);
}

SEC("uretprobe")
int BPF_KRETPROBE(ssl_read_ex_exit, int ret)
{
	return ssl_exit(ret, LLMO_INGRESS);
}

/*
 * SSL_free ends a TLS connection even when no close() is seen (runtimes that feed OpenSSL through
 * memory BIOs); it also keeps a later SSL object at the same address from inheriting this one's
 * state (offsets, mute).
 */
SEC("uprobe")
int BPF_KPROBE(ssl_free_enter, void *ssl)
{
	struct ssl_key key = { .tgid = bpf_get_current_pid_tgid() >> 32, .ssl = (__u64)ssl };
	struct ssl_state *st = bpf_map_lookup_elem(&ssl_conns, &key);

	if (!st)
		return 0;
	if (st->conn.flags & CONN_ANNOUNCED)
		emit_close(st->conn.id);
	bpf_map_delete_elem(&ssl_conns, &key);
	return 0;
}

/* ---- socket syscalls ---- */

/*
 * Entry of a read/write-family syscall on fd: inside an SSL call it names the TLS socket; on a
 * socket marked plaintext it is stashed for the exit handler. Costs one or two hash lookups for
 * every other syscall on the machine.
 */
static __always_inline int sys_data_enter(__s32 fd, __u64 buf, __u64 iovcnt)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;
	struct sock_key sk = { .tgid = tgid, .fd = fd };
	struct ssl_call *call = bpf_map_lookup_elem(&ssl_calls, &id);
	struct sock_state *sock;

	if (call) {
		if (call->fd < 0)
			call->fd = fd;
		return 0;
	}
	sock = bpf_map_lookup_elem(&socks, &sk);
	if (!sock)
		return 0;
	bpf_map_update_elem(&last_fd, &id, &fd, BPF_ANY);
	if (sock->plaintext && !ignored(tgid)) {
		struct sys_call sc = { .buf = buf, .iovcnt = iovcnt, .fd = fd };
		bpf_map_update_elem(&sys_calls, &id, &sc, BPF_ANY);
	}
	return 0;
}

struct iov_ctx {
	struct sock_state *unused;
	__u64 iov;
	__u64 left;
};

static __always_inline int sys_data_exit(long ret, __u8 dir)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct sys_call *sc = bpf_map_lookup_elem(&sys_calls, &id);
	struct sock_state *sock;
	struct sock_key sk;

	if (!sc)
		return 0;
	sk.tgid = id >> 32;
	sk.fd = sc->fd;
	sock = bpf_map_lookup_elem(&socks, &sk);
	if (!sock || ret <= 0)
		goto done;
	if (!(sock->conn.flags & CONN_ANNOUNCED)) {
		emit_conn(sock->conn.id, sc->fd, sock, LLMO_SOURCE_PLAINTEXT);
		sock->conn.flags |= CONN_ANNOUNCED;
	}
	if (sc->iovcnt == 0) {
		emit_data(&sock->conn, dir, LLMO_SOURCE_PLAINTEXT, sc->buf, ret);
	} else {
		__u64 left = ret;
		for (int i = 0; i < MAX_IOV; i++) {
			struct iovec iov;
			__u64 n;
			if (i >= sc->iovcnt || left == 0)
				break;
			if (bpf_probe_read_user(&iov, sizeof(iov), (void *)(sc->buf + i * sizeof(iov))))
				break;
			n = iov.iov_len < left ? iov.iov_len : left;
			emit_data(&sock->conn, dir, LLMO_SOURCE_PLAINTEXT, (__u64)iov.iov_base, n);
			left -= n;
		}
		if (left) {
			/* More than MAX_IOV buffers: account the rest as a gap. */
			count(LLMO_CNT_CALL_TOO_BIG, left);
			sock->conn.bytes[dir] += left;
			sock->conn.flags |= CONN_LOST(dir);
		}
	}
done:
	bpf_map_delete_elem(&sys_calls, &id);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_write")
int tp_enter_write(struct trace_event_raw_sys_enter *ctx)
{
	return sys_data_enter(ctx->args[0], ctx->args[1], 0);
}

SEC("tracepoint/syscalls/sys_exit_write")
int tp_exit_write(struct trace_event_raw_sys_exit *ctx)
{
	return sys_data_exit(ctx->ret, LLMO_EGRESS);
}

SEC("tracepoint/syscalls/sys_enter_sendto")
int tp_enter_sendto(struct trace_event_raw_sys_enter *ctx)
{
	return sys_data_enter(ctx->args[0], ctx->args[1], 0);
}

SEC("tracepoint/syscalls/sys_exit_sendto")
int tp_exit_sendto(struct trace_event_raw_sys_exit *ctx)
{
	return sys_data_exit(ctx->ret, LLMO_EGRESS);
}

SEC("tracepoint/syscalls/sys_enter_writev")
int tp_enter_writev(struct trace_event_raw_sys_enter *ctx)
{
	return sys_data_enter(ctx->args[0], ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_exit_writev")
int tp_exit_writev(struct trace_event_raw_sys_exit *ctx)
{
	return sys_data_exit(ctx->ret, LLMO_EGRESS);
}

static __always_inline int msg_enter(struct trace_event_raw_sys_enter *ctx)
{
	struct user_msghdr msg;
	if (bpf_probe_read_user(&msg, sizeof(msg), (void *)ctx->args[1]))
		return 0;
	return sys_data_enter(ctx->args[0], (__u64)msg.msg_iov, msg.msg_iovlen ? msg.msg_iovlen : 1);
}

SEC("tracepoint/syscalls/sys_enter_sendmsg")
int tp_enter_sendmsg(struct trace_event_raw_sys_enter *ctx)
{
	return msg_enter(ctx);
}

SEC("tracepoint/syscalls/sys_exit_sendmsg")
int tp_exit_sendmsg(struct trace_event_raw_sys_exit *ctx)
{
	return sys_data_exit(ctx->ret, LLMO_EGRESS);
}

SEC("tracepoint/syscalls/sys_enter_read")
int tp_enter_read(struct trace_event_raw_sys_enter *ctx)
{
	return sys_data_enter(ctx->args[0], ctx->args[1], 0);
}

SEC("tracepoint/syscalls/sys_exit_read")
int tp_exit_read(struct trace_event_raw_sys_exit *ctx)
{
	return sys_data_exit(ctx->ret, LLMO_INGRESS);
}

SEC("tracepoint/syscalls/sys_enter_recvfrom")
int tp_enter_recvfrom(struct trace_event_raw_sys_enter *ctx)
{
	return sys_data_enter(ctx->args[0], ctx->args[1], 0);
}

SEC("tracepoint/syscalls/sys_exit_recvfrom")
int tp_exit_recvfrom(struct trace_event_raw_sys_exit *ctx)
{
	return sys_data_exit(ctx->ret, LLMO_INGRESS);
}

SEC("tracepoint/syscalls/sys_enter_readv")
int tp_enter_readv(struct trace_event_raw_sys_enter *ctx)
{
	return sys_data_enter(ctx->args[0], ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_exit_readv")
int tp_exit_readv(struct trace_event_raw_sys_exit *ctx)
{
	return sys_data_exit(ctx->ret, LLMO_INGRESS);
}

SEC("tracepoint/syscalls/sys_enter_recvmsg")
int tp_enter_recvmsg(struct trace_event_raw_sys_enter *ctx)
{
	return msg_enter(ctx);
}

SEC("tracepoint/syscalls/sys_exit_recvmsg")
int tp_exit_recvmsg(struct trace_event_raw_sys_exit *ctx)
{
	return sys_data_exit(ctx->ret, LLMO_INGRESS);
}

/* ---- connection lifecycle ---- */

static __always_inline int addr_enter(__s32 fd, __u64 addr)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct addr_call ac = { .addr = addr, .fd = fd };

	if (ignored(id >> 32))
		return 0;
	bpf_map_update_elem(&addr_calls, &id, &ac, BPF_ANY);
	return 0;
}

/* Records a connected (role client) or accepted (role server) inet socket. */
static __always_inline int addr_exit(__s32 fd, __u8 role)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct addr_call *ac = bpf_map_lookup_elem(&addr_calls, &id);
	struct sock_state st = {};
	struct sock_key sk;
	__u16 family = 0;

	if (!ac)
		return 0;
	if (fd < 0)
		goto done;
	if (ac->addr && bpf_probe_read_user(&family, sizeof(family), (void *)ac->addr))
		goto done;
	if (family == AF_INET) {
		struct sockaddr_in sa;
		if (bpf_probe_read_user(&sa, sizeof(sa), (void *)ac->addr))
			goto done;
		st.port = bpf_ntohs(sa.sin_port);
		__builtin_memcpy(st.addr, &sa.sin_addr, 4);
	} else if (family == AF_INET6) {
		struct sockaddr_in6 sa;
		if (bpf_probe_read_user(&sa, sizeof(sa), (void *)ac->addr))
			goto done;
		st.port = bpf_ntohs(sa.sin6_port);
		__builtin_memcpy(st.addr, &sa.sin6_addr, 16);
	} else if (role == LLMO_ROLE_CLIENT) {
		goto done; /* unix sockets and the like */
	}
	st.family = family;
	st.role = role;
	st.conn.id = next_conn_id();
	if (role == LLMO_ROLE_CLIENT && bpf_map_lookup_elem(&plain_ports, &st.port))
		st.plaintext = 1;
	sk.tgid = id >> 32;
	sk.fd = fd;
	if (bpf_map_update_elem(&socks, &sk, &st, BPF_ANY))
		count(LLMO_CNT_STATE_FULL, 1);
	/* Runtimes that feed OpenSSL through memory BIOs (Node.js, .NET) make no syscall inside
	 * SSL_write; the socket this thread just connected is the best guess for its first call. */
	if (role == LLMO_ROLE_CLIENT)
		bpf_map_update_elem(&last_fd, &id, &fd, BPF_ANY);
done:
	bpf_map_delete_elem(&addr_calls, &id);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_connect")
int tp_enter_connect(struct trace_event_raw_sys_enter *ctx)
{
	return addr_enter(ctx->args[0], ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_exit_connect")
int tp_exit_connect(struct trace_event_raw_sys_exit *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct addr_call *ac = bpf_map_lookup_elem(&addr_calls, &id);
	__s32 fd;

	if (!ac)
		return 0;
	fd = ac->fd;
	/* Non-blocking connects (curl, Node, .NET) answer -EINPROGRESS and connect later. */
	if (ctx->ret != 0 && ctx->ret != -EINPROGRESS)
		fd = -1;
	return addr_exit(fd, LLMO_ROLE_CLIENT);
}

SEC("tracepoint/syscalls/sys_enter_accept4")
int tp_enter_accept4(struct trace_event_raw_sys_enter *ctx)
{
	return addr_enter(ctx->args[0], ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int tp_exit_accept4(struct trace_event_raw_sys_exit *ctx)
{
	return addr_exit(ctx->ret, LLMO_ROLE_SERVER);
}

SEC("tracepoint/syscalls/sys_enter_accept")
int tp_enter_accept(struct trace_event_raw_sys_enter *ctx)
{
	return addr_enter(ctx->args[0], ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_exit_accept")
int tp_exit_accept(struct trace_event_raw_sys_exit *ctx)
{
	return addr_exit(ctx->ret, LLMO_ROLE_SERVER);
}

SEC("tracepoint/syscalls/sys_enter_close")
int tp_enter_close(struct trace_event_raw_sys_enter *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct sock_key sk = { .tgid = id >> 32, .fd = ctx->args[0] };
	struct sock_state *sock = bpf_map_lookup_elem(&socks, &sk);

	if (!sock)
		return 0;
	if (sock->conn.flags & CONN_ANNOUNCED)
		emit_close(sock->conn.id);
	if (sock->ssl) {
		struct ssl_key key = { .tgid = sk.tgid, .ssl = sock->ssl };
		struct ssl_state *st = bpf_map_lookup_elem(&ssl_conns, &key);
		if (st) {
			if (st->conn.flags & CONN_ANNOUNCED)
				emit_close(st->conn.id);
			bpf_map_delete_elem(&ssl_conns, &key);
		}
	}
	bpf_map_delete_elem(&socks, &sk);
	return 0;
}

/* ---- processes ---- */

SEC("tracepoint/sched/sched_process_exec")
int tp_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct llmo_proc_event ev = {};
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	unsigned int off = BPF_CORE_READ(ctx, __data_loc_filename) & 0xFFFF;

	fill_header(&ev.header, LLMO_EVENT_EXEC, 0);
	ev.ppid = BPF_CORE_READ(task, real_parent, tgid);
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	bpf_probe_read_kernel_str(ev.filename, sizeof(ev.filename), (void *)ctx + off);
	if (submit(&ev, sizeof(ev)))
		count(LLMO_CNT_RINGBUF_FULL, 1);
	else
		count(LLMO_CNT_EVENTS, 1);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int tp_exit(struct trace_event_raw_sched_process_template *ctx)
{
	struct llmo_proc_event ev = {};
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 id = bpf_get_current_pid_tgid();

	if ((__u32)id != (id >> 32))
		return 0; /* a thread, not the process */
	fill_header(&ev.header, LLMO_EVENT_EXIT, 0);
	ev.ppid = BPF_CORE_READ(task, real_parent, tgid);
	ev.exit_code = BPF_CORE_READ(task, exit_code) >> 8;
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	if (submit(&ev, sizeof(ev)))
		count(LLMO_CNT_RINGBUF_FULL, 1);
	else
		count(LLMO_CNT_EVENTS, 1);
	return 0;
}
