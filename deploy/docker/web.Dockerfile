# web: the analysts' console (server-rendered pages, static files from wwwroot next to the assembly),
# and `users add`. Built from the repository root:
#   docker build -f deploy/docker/web.Dockerfile -t llmobserve/web .
#
# Base images are pinned by version tag; the release pipeline adds each digest (@sha256:…), which
# cannot be resolved offline. They are Ubuntu 24.04 ("noble"): Microsoft publishes no Debian images
# for .NET 10, and noble is what its plain `10.0` tags point to.
#
# At run time the container needs no writable path but /tmp (the .NET diagnostics socket) and the
# data-protection key directory, a volume shared by the replicas: run it with a read-only root
# filesystem and a tmpfs on /tmp, as docker-compose.yml and deploy/k8s do.

FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
WORKDIR /src
# Restore from the project files alone first: a change to the sources then reuses this layer and
# its downloaded packages. Every project the console references is listed (DockerfileTests checks).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY web/LlmObserve.Web/LlmObserve.Web.csproj web/LlmObserve.Web/
COPY ingest-api/LlmObserve.Administration/LlmObserve.Administration.csproj ingest-api/LlmObserve.Administration/
COPY ingest-api/LlmObserve.ServiceDefaults/LlmObserve.ServiceDefaults.csproj ingest-api/LlmObserve.ServiceDefaults/
COPY ingest-api/LlmObserve.Contracts/LlmObserve.Contracts.csproj ingest-api/LlmObserve.Contracts/
COPY db/LlmObserve.Data/LlmObserve.Data.csproj db/LlmObserve.Data/
COPY scanner-worker/LlmObserve.Detection/LlmObserve.Detection.csproj scanner-worker/LlmObserve.Detection/
RUN dotnet restore web/LlmObserve.Web
# The rest of the context (.dockerignore keeps build output, node_modules and tests out; the
# front-end libraries are committed under wwwroot/lib, so no npm step is needed). deploy/ is needed
# too: the collector's manifests are embedded into LlmObserve.Administration.
COPY . .
RUN dotnet publish web/LlmObserve.Web -c Release -o /app --no-restore --nologo -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble
# The key directory belongs to the app user: Docker fills a new named volume from the image's
# directory, ownership included, so the volume mounted here is writable for it.
RUN mkdir -p /var/lib/llmobserve-web/keys && chown 1654:1654 /var/lib/llmobserve-web/keys
WORKDIR /app
COPY --from=build /app .
# One way to say the port: URLS, with the image's HTTP_PORTS cleared (both set makes a start-up warning).
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DataProtection__KeysDirectory=/var/lib/llmobserve-web/keys
EXPOSE 8080
# The image's unprivileged `app` user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1654
ENTRYPOINT ["dotnet", "LlmObserve.Web.dll"]
