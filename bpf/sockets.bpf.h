/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Socket read/write syscalls: plaintext HTTP, and the socket behind a TLS call. Included once, by llmobserve.bpf.c. */
#ifndef LLMO_SOCKETS_BPF_H
#define LLMO_SOCKETS_BPF_H

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

#endif /* LLMO_SOCKETS_BPF_H */
