/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* OpenSSL uprobes: plaintext of TLS connections. Included once, by llmobserve.bpf.c. */
#ifndef LLMO_TLS_BPF_H
#define LLMO_TLS_BPF_H

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
		if (ret > 0 && !bpf_probe_read_user(&out, sizeof(out), (void *)call->len_out))
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

#endif /* LLMO_TLS_BPF_H */
