# scanner-worker: built from the repository root (docker build -f deploy/docker/scanner-worker.Dockerfile .).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish scanner-worker/LlmObserve.ScannerWorker -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
# The image's unprivileged user.
USER app
ENTRYPOINT ["dotnet", "LlmObserve.ScannerWorker.dll"]
