# syntax=docker/dockerfile:1
# Heimdall.IqArchiver: build from the repository root, e.g.
#   docker build -f deploy/docker/Heimdall.IqArchiver.Dockerfile -t ghcr.io/heimdall/iqarchiver:0.1.0 .
# Image tags are pinned to the SDK/runtime the project is developed with;
# override with --build-arg DOTNET_SDK_VERSION=... / DOTNET_RUNTIME_VERSION=...
ARG DOTNET_SDK_VERSION=10.0.401
ARG DOTNET_RUNTIME_VERSION=10.0.12

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_SDK_VERSION} AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1

# Restore layer: only what restore reads, so source edits keep it cached.
# The whole solution is restored so the three service images share this layer.
COPY Heimdall.sln global.json Directory.Build.props Directory.Packages.props ./
COPY contracts/Heimdall.Contracts/Heimdall.Contracts.csproj contracts/Heimdall.Contracts/
COPY services/Heimdall.Acquirer/Heimdall.Acquirer.csproj services/Heimdall.Acquirer/
COPY services/Heimdall.Api/Heimdall.Api.csproj services/Heimdall.Api/
COPY services/Heimdall.Cli/Heimdall.Cli.csproj services/Heimdall.Cli/
COPY services/Heimdall.Data/Heimdall.Data.csproj services/Heimdall.Data/
COPY services/Heimdall.IqArchiver/Heimdall.IqArchiver.csproj services/Heimdall.IqArchiver/
COPY services/Heimdall.Localisation/Heimdall.Localisation.csproj services/Heimdall.Localisation/
COPY services/Heimdall.Messaging/Heimdall.Messaging.csproj services/Heimdall.Messaging/
COPY services/Heimdall.MetricsWriter/Heimdall.MetricsWriter.csproj services/Heimdall.MetricsWriter/
COPY services/Heimdall.Persistence/Heimdall.Persistence.csproj services/Heimdall.Persistence/
COPY services/Heimdall.Receivers/Heimdall.Receivers.csproj services/Heimdall.Receivers/
COPY services/Heimdall.Resilience/Heimdall.Resilience.csproj services/Heimdall.Resilience/
COPY services/Heimdall.ServiceDefaults/Heimdall.ServiceDefaults.csproj services/Heimdall.ServiceDefaults/
COPY services/Heimdall.Signal/Heimdall.Signal.csproj services/Heimdall.Signal/
COPY services/Heimdall.Storage/Heimdall.Storage.csproj services/Heimdall.Storage/
COPY tests/Heimdall.Acquirer.Tests/Heimdall.Acquirer.Tests.csproj tests/Heimdall.Acquirer.Tests/
COPY tests/Heimdall.Api.Tests/Heimdall.Api.Tests.csproj tests/Heimdall.Api.Tests/
COPY tests/Heimdall.Benchmarks/Heimdall.Benchmarks.csproj tests/Heimdall.Benchmarks/
COPY tests/Heimdall.Chaos/Heimdall.Chaos.csproj tests/Heimdall.Chaos/
COPY tests/Heimdall.Cli.Tests/Heimdall.Cli.Tests.csproj tests/Heimdall.Cli.Tests/
COPY tests/Heimdall.IntegrationTests/Heimdall.IntegrationTests.csproj tests/Heimdall.IntegrationTests/
COPY tests/Heimdall.IqArchiver.Tests/Heimdall.IqArchiver.Tests.csproj tests/Heimdall.IqArchiver.Tests/
COPY tests/Heimdall.Localisation.Tests/Heimdall.Localisation.Tests.csproj tests/Heimdall.Localisation.Tests/
COPY tests/Heimdall.MetricsWriter.Tests/Heimdall.MetricsWriter.Tests.csproj tests/Heimdall.MetricsWriter.Tests/
COPY tests/Heimdall.Receivers.Tests/Heimdall.Receivers.Tests.csproj tests/Heimdall.Receivers.Tests/
COPY tests/Heimdall.Repository.Tests/Heimdall.Repository.Tests.csproj tests/Heimdall.Repository.Tests/
COPY tests/Heimdall.Signal.Tests/Heimdall.Signal.Tests.csproj tests/Heimdall.Signal.Tests/
COPY tests/Heimdall.Testing/Heimdall.Testing.csproj tests/Heimdall.Testing/
RUN --mount=type=cache,id=heimdall-nuget,target=/root/.nuget/packages \
    dotnet restore Heimdall.sln

COPY . .
RUN --mount=type=cache,id=heimdall-nuget,target=/root/.nuget/packages \
    dotnet publish services/Heimdall.IqArchiver/Heimdall.IqArchiver.csproj -c Release --no-restore \
      -o /app/publish -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_RUNTIME_VERSION} AS final
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# Files stay root-owned (read-only for the app user); the process runs as the
# image's non-root 'app' user ($APP_UID, 1654 in the Microsoft images).
COPY --from=build /app/publish ./
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "Heimdall.IqArchiver.dll"]
