/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The one kernel <-> user event layout. Fixed-width types only; every struct is naturally
 * aligned with explicit padding, so the C# mirrors in
 * collector/LlmObserve.Collector.Ebpf/Interop/EventLayout.cs can be checked against the BTF of
 * the compiled object (tests/LlmObserve.Collector.Tests/EventLayoutTests.cs).
 */
#ifndef LLMOBSERVE_H
#define LLMOBSERVE_H

/* Payload bytes per ring-buffer record: a large write is sent as several bounded chunks. */
#define LLMO_CHUNK_SIZE 16384
/* Chunks one SSL/syscall call may send (16 MiB); the rest is counted as lost. */
#define LLMO_MAX_CHUNKS_PER_CALL 1024
#define LLMO_COMM_LEN 16
#define LLMO_FILENAME_LEN 256

enum llmo_event_kind {
	LLMO_EVENT_DATA = 1,  /* struct llmo_data_event + payload */
	LLMO_EVENT_CONN = 2,  /* struct llmo_conn_event */
	LLMO_EVENT_CLOSE = 3, /* struct llmo_event_header */
	LLMO_EVENT_EXEC = 4,  /* struct llmo_proc_event */
	LLMO_EVENT_EXIT = 5,  /* struct llmo_proc_event */
};

enum llmo_direction {
	LLMO_EGRESS = 0,  /* the process wrote the bytes */
	LLMO_INGRESS = 1, /* the process read the bytes */
};

enum llmo_source {
	LLMO_SOURCE_OPENSSL = 1,   /* SSL_read/SSL_write plaintext */
	LLMO_SOURCE_PLAINTEXT = 2, /* syscalls on a socket connected to a watched port */
};

/* Flags of a data event (mirrored by ChunkFlags in C#). */
#define LLMO_FLAG_TRUNCATED 0x1   /* cap reached: the rest of this direction's message is not sent */
#define LLMO_FLAG_LOST_BEFORE 0x2 /* bytes before this chunk were lost */

/* Roles of a connection (conn event). */
#define LLMO_ROLE_CLIENT 1 /* connect() */
#define LLMO_ROLE_SERVER 2 /* accept() */

/* Indices of the per-CPU counters map; names in CounterNames.cs. */
enum llmo_counter {
	LLMO_CNT_EVENTS = 0,        /* records submitted */
	LLMO_CNT_BYTES = 1,         /* payload bytes submitted */
	LLMO_CNT_RINGBUF_FULL = 2,  /* records the ring buffer had no room for */
	LLMO_CNT_LOST_BYTES = 3,    /* payload bytes lost to a full ring buffer */
	LLMO_CNT_CAP_BYTES = 4,     /* payload bytes over the per-connection cap */
	LLMO_CNT_MUTED_BYTES = 5,   /* payload bytes of connections the collector muted */
	LLMO_CNT_READ_FAULT = 6,    /* user memory that could not be read */
	LLMO_CNT_CALL_TOO_BIG = 7,  /* bytes beyond LLMO_MAX_CHUNKS_PER_CALL chunks */
	LLMO_CNT_SERVER_BYTES = 8,  /* TLS bytes of accepted (server-side) sockets, not sent */
	LLMO_CNT_STATE_FULL = 9,    /* a tracking map was full */
	LLMO_CNT__MAX = 10,
};

/* Tunables, set by the collector before load (".rodata.config"). */
struct llmo_config {
	__u64 conn_byte_cap; /* per connection and direction, for each run of bytes until the other direction sends; 0 = unlimited */
	__u32 collector_pid; /* the collector's own traffic is never captured */
	__u32 wakeup_bytes;  /* wake the collector once this much is waiting (it also polls every 50 ms) */
};

struct llmo_event_header {
	__u32 kind;         /* enum llmo_event_kind */
	__u32 flags;        /* LLMO_FLAG_* for data events */
	__u64 timestamp_ns; /* bpf_ktime_get_ns (CLOCK_MONOTONIC) */
	__u32 pid;          /* thread group id */
	__u32 tid;
	__u64 conn_id;      /* 0 for process events */
};

struct llmo_data_event {
	struct llmo_event_header header;
	__u64 offset;   /* bytes of this connection and direction before this chunk */
	__u32 length;   /* payload bytes that follow */
	__u8 direction; /* enum llmo_direction */
	__u8 source;    /* enum llmo_source */
	__u8 _pad[2];
	/* followed by `length` payload bytes */
};

struct llmo_conn_event {
	struct llmo_event_header header;
	__s32 fd;       /* -1 when the TLS call could not be tied to a socket */
	__u16 family;   /* AF_INET, AF_INET6, 0 when unknown */
	__u16 remote_port;
	__u8 remote_addr[16];
	__u8 role;      /* LLMO_ROLE_* (0 when unknown) */
	__u8 source;    /* enum llmo_source */
	__u8 _pad[6];
};

struct llmo_proc_event {
	struct llmo_event_header header;
	__u32 ppid;
	__u32 exit_code;
	char comm[LLMO_COMM_LEN];
	char filename[LLMO_FILENAME_LEN]; /* exec only */
};

#endif /* LLMOBSERVE_H */
