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

#include "state.bpf.h"
#include "emit.bpf.h"
#include "tls.bpf.h"
#include "sockets.bpf.h"
#include "lifecycle.bpf.h"
