# The collector (node daemon): the .NET runtime, libbpf and the compiled eBPF object. Built from the
# repository root, on a host whose kernel has BTF (/sys/kernel/btf/vmlinux; most kernels since 2021):
#   docker build -f deploy/docker/collector.Dockerfile -t llmobserve/collector .
# Runs as root with four capabilities granted by the orchestrator: deploy/k8s/collector (README.md
# there says why each), or the `collector` profile of docker-compose.yml.
#
# Base images are pinned by version tag; the release pipeline adds each digest (@sha256:…), which
# cannot be resolved offline. The .NET images are Ubuntu 24.04 ("noble"): Microsoft publishes no
# Debian images for .NET 10, and noble is what its plain `10.0` tags point to.

# The SDK, taken as files into the Debian build stage below.
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS sdk

# The build stage is Debian 12 with that SDK, like the project's own machines: bpf/Makefile needs
# clang, llvm-strip and bpftool, and Ubuntu packages bpftool only per kernel release
# (linux-tools-<release>), which cannot match the kernel of whatever host builds the image.
FROM debian:12.15-slim AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates libicu72 make clang llvm bpftool libbpf-dev linux-libc-dev \
    && rm -rf /var/lib/apt/lists/*
COPY --from=sdk /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/local/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
WORKDIR /src
# Restore from the project files alone first: a change to the sources then reuses this layer and
# its downloaded packages. Every project the collector references is listed (DockerfileTests checks).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY collector/LlmObserve.Collector/LlmObserve.Collector.csproj collector/LlmObserve.Collector/
COPY collector/LlmObserve.Collector.Ebpf/LlmObserve.Collector.Ebpf.csproj collector/LlmObserve.Collector.Ebpf/
COPY collector/LlmObserve.Collector.Pipeline/LlmObserve.Collector.Pipeline.csproj collector/LlmObserve.Collector.Pipeline/
COPY collector/LlmObserve.Collector.Shipping/LlmObserve.Collector.Shipping.csproj collector/LlmObserve.Collector.Shipping/
COPY ingest-api/LlmObserve.Contracts/LlmObserve.Contracts.csproj ingest-api/LlmObserve.Contracts/
RUN dotnet restore collector/LlmObserve.Collector
# The rest of the context (.dockerignore keeps build output, bpf/build and tests out).
COPY . .
# The build of LlmObserve.Collector.Ebpf runs bpf/Makefile (target BuildBpfObject): it writes this
# host's kernel types (BTF) into vmlinux.h and compiles the CO-RE object, whose relocations let it
# load on other kernels. The object is published next to the assembly: /app/bpf/llmobserve.bpf.o.
RUN dotnet publish collector/LlmObserve.Collector -c Release -o /app --no-restore --nologo -p:UseAppHost=false \
    && test -s /app/bpf/llmobserve.bpf.o

FROM mcr.microsoft.com/dotnet/runtime:10.0.12-noble
# libbpf.so.1, loaded by P/Invoke. coreutils (the Kubernetes readiness probe's `test`) is in the image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libbpf1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# No USER: the collector runs as root, with every capability dropped but BPF, PERFMON, SYS_ADMIN and
# SYS_PTRACE, which the orchestrator grants (Kubernetes and Docker give added capabilities to root
# only). Root is needed besides: tracefs and other processes' /proc entries belong to root. It
# writes only its state directory (a volume) and /tmp, so the root filesystem can be read-only.
ENTRYPOINT ["dotnet", "llmobserve-collector.dll"]
CMD ["run"]
