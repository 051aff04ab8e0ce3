# ImageGrid server image: the gRPC service with its co-hosted Orleans silo.
#   docker build -t imagegrid:dev .
# Ports: 8080 gRPC (cleartext HTTP/2), 8081 management (HTTP/1.1: /health/live, /health/ready),
# 11111 Orleans silo-to-silo (no Orleans gateway). Kubernetes probes check health, so there is no HEALTHCHECK.
# The dashboard (page and gRPC-Web, HTTP/1.1) is built into the assembly from the committed src/ImageGrid.Server/wwwroot,
# so this build needs no Node.js; it is off in this production-shaped image unless Web__Url is set (e.g. http://+:8082).
# scripts/check-deploy.sh checks that every path copied here exists, that every FROM is pinned by digest, and runs the
# same publish command. Base images: the tag says which line, the digest which image; scripts/pin-images.sh refreshes
# the digests (run it where the registry is reachable, then rebuild and test).

FROM mcr.microsoft.com/dotnet/sdk:10.0@sha256:e1ffd2a92ae84c1291bc1b6887501f8af98e6331e7af6d4c8d37168c5e87a64c AS build
WORKDIR /source

# Restore from the build settings and project files alone, so the package layer is reused until one of them changes.
# Every project that ImageGrid.Server references, directly or not, must be listed here.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ImageGrid.Server/ImageGrid.Server.csproj src/ImageGrid.Server/
COPY src/ImageGrid.Contracts/ImageGrid.Contracts.csproj src/ImageGrid.Contracts/
COPY src/ImageGrid.Catalog/ImageGrid.Catalog.csproj src/ImageGrid.Catalog/
COPY src/ImageGrid.Grains/ImageGrid.Grains.csproj src/ImageGrid.Grains/
COPY src/ImageGrid.Grains.Abstractions/ImageGrid.Grains.Abstractions.csproj src/ImageGrid.Grains.Abstractions/
COPY src/ImageGrid.Rivya/ImageGrid.Rivya.csproj src/ImageGrid.Rivya/
COPY src/ImageGrid.Rivya.Simulator/ImageGrid.Rivya.Simulator.csproj src/ImageGrid.Rivya.Simulator/
RUN dotnet restore src/ImageGrid.Server/ImageGrid.Server.csproj

# Then the sources (bin/ and obj/ are kept out by .dockerignore) and the protos the contracts are generated from.
COPY protos/ protos/
COPY src/ src/
RUN dotnet publish src/ImageGrid.Server/ImageGrid.Server.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0@sha256:a4556ed033fa96f984bb7a8d348851cb2d36b1281dd2420070045f664fbb5f94 AS runtime
WORKDIR /app
# ASPNETCORE_HTTP_PORTS is emptied so that the image's default (8080) does not compete with ASPNETCORE_URLS.
# http://+ listens on every address, IPv6 included (http://0.0.0.0 would be IPv4 only).
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    Management__Url=http://+:8081 \
    DOTNET_NOLOGO=1
EXPOSE 8080 8081 11111
# Owned by root and only readable by the app user: the container can run with a read-only root filesystem.
COPY --from=build /app ./
# The non-root user the ASP.NET images ship (APP_UID=1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "ImageGrid.Server.dll"]
