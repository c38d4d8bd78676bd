# ingest-api: built from the repository root (docker build -f deploy/docker/ingest-api.Dockerfile .).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish ingest-api/LlmObserve.IngestApi -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
# The image's unprivileged user.
USER app
ENTRYPOINT ["dotnet", "LlmObserve.IngestApi.dll"]
