/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Tunables, maps and per-connection state of the capture programs. Included once, by llmobserve.bpf.c. */
#ifndef LLMO_STATE_BPF_H
#define LLMO_STATE_BPF_H

#define AF_INET 2
#define AF_INET6 10
#define EINPROGRESS 115
#define MAX_IOV 16

#define CONN_ANNOUNCED 0x1
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
	__u64 run[2];   /* per direction, bytes since the other direction last sent: the message being sent */
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

#endif /* LLMO_STATE_BPF_H */
