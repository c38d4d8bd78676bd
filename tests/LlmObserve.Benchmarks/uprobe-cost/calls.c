/* Three tiny functions whose first instruction differs; main times N calls of each. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The kernel single-steps this first instruction out of line (as at OpenSSL's SSL_write/SSL_read). */
__attribute__((noinline)) int first_sub(int x) { __asm__ volatile("sub $0x18,%%rsp\n\tadd $0x18,%%rsp" ::: "memory"); return x + 1; }
/* The kernel emulates these: no single-step. */
__attribute__((noinline)) int first_nop(int x) { __asm__ volatile("nop\n\tnop" ::: "memory"); return x + 1; }
__attribute__((noinline)) int first_push(int x) { __asm__ volatile("push %%rbx\n\tpop %%rbx" ::: "memory"); return x + 1; }

static double time_calls(int (*f)(int), int n)
{
	struct timespec a, b;
	volatile int sink = 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++)
		sink += f(i);
	clock_gettime(CLOCK_MONOTONIC, &b);
	return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n / 1000.0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200000;
	printf("first_sub %.3f\nfirst_nop %.3f\nfirst_push %.3f\n", time_calls(first_sub, n), time_calls(first_nop, n), time_calls(first_push, n));
	return 0;
}
