/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Connections (connect/accept/close) and processes (exec/exit). Included once, by llmobserve.bpf.c. */
#ifndef LLMO_LIFECYCLE_BPF_H
#define LLMO_LIFECYCLE_BPF_H

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
	/* Wake the collector now: it attaches to the new binary before the process's first TLS call. */
	if (bpf_ringbuf_output(&events, &ev, sizeof(ev), BPF_RB_FORCE_WAKEUP))
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

#endif /* LLMO_LIFECYCLE_BPF_H */
