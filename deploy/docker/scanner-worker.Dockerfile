# scanner-worker: the detection consumers on the scan queue, and /healthz and /readyz on port 8080.
# Built from the repository root:
#   docker build -f deploy/docker/scanner-worker.Dockerfile -t llmobserve/scanner-worker .
#
# Base images are pinned by version tag; the release pipeline adds each digest (@sha256:…), which
# cannot be resolved offline. They are Ubuntu 24.04 ("noble"): Microsoft publishes no Debian images
# for .NET 10, and noble is what its plain `10.0` tags point to.
#
# At run time the container needs no writable path but /tmp (the .NET diagnostics socket): run it
# with a read-only root filesystem and a tmpfs on /tmp, as docker-compose.yml and deploy/k8s do.

FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
WORKDIR /src
# Restore from the project files alone first: a change to the sources then reuses this layer and
# its downloaded packages. Every project scanner-worker references is listed (DockerfileTests checks).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY scanner-worker/LlmObserve.ScannerWorker/LlmObserve.ScannerWorker.csproj scanner-worker/LlmObserve.ScannerWorker/
COPY scanner-worker/LlmObserve.Detection/LlmObserve.Detection.csproj scanner-worker/LlmObserve.Detection/
COPY scanner-worker/LlmObserve.Integrations/LlmObserve.Integrations.csproj scanner-worker/LlmObserve.Integrations/
COPY ingest-api/LlmObserve.ServiceDefaults/LlmObserve.ServiceDefaults.csproj ingest-api/LlmObserve.ServiceDefaults/
COPY ingest-api/LlmObserve.Contracts/LlmObserve.Contracts.csproj ingest-api/LlmObserve.Contracts/
COPY db/LlmObserve.Data/LlmObserve.Data.csproj db/LlmObserve.Data/
RUN dotnet restore scanner-worker/LlmObserve.ScannerWorker
# The rest of the context (.dockerignore keeps build output and tests out).
COPY . .
RUN dotnet publish scanner-worker/LlmObserve.ScannerWorker -c Release -o /app --no-restore --nologo -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble
WORKDIR /app
COPY --from=build /app .
# One way to say the port: URLS, with the image's HTTP_PORTS cleared (both set makes a start-up warning).
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
# The image's unprivileged `app` user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1654
ENTRYPOINT ["dotnet", "LlmObserve.ScannerWorker.dll"]
