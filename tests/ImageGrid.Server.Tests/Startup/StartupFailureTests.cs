using System.Net;
using System.Net.Sockets;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Startup;

/// <summary>
/// A start that fails for a reason the operator fixes prints one line on stderr saying what to set, no stack trace, and
/// exits non-zero. Each test runs the built server as its own process.
/// </summary>
public sealed class StartupFailureTests
{
    private const string Failure = "ImageGrid did not start: ";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Azure Storage mode with everything but Rivya; the start stops before storage is touched.</summary>
    private static string[] AzureStorageWithoutRivya() =>
    [
        $"--urls=http://127.0.0.1:{FreePort.Next()}",
        $"--Orleans:SiloPort={FreePort.Next()}",
        "--Storage:Provider=AzureStorage",
        "--Storage:ConnectionString=UseDevelopmentStorage=true",
        $"--Orleans:ClusterId=startup-{Guid.NewGuid():N}",
    ];

    /// <summary>
    /// Memory mode with a Rivya named, so the embedded simulator stays out; Rivya is never called. The dashboard is off,
    /// as its default address would be shared by every test's server.
    /// </summary>
    private static readonly string[] MemoryModeWithRivya = ["--Rivya:BaseUrl=http://127.0.0.1:9/", "--Rivya:ApiKey=unused", "--Web:Enabled=false"];

    [Fact]
    public async Task Azure_storage_mode_without_a_rivya_url_stops_with_one_line_naming_it_and_runs_no_simulator()
    {
        var run = await ServerRun.UntilExitAsync([.. AzureStorageWithoutRivya(), "--Rivya:ApiKey=rivya-key"], ExitTimeout);

        AssertOneLineFailure(run, "Rivya:BaseUrl is not set.");
        Assert.Contains("Storage:Provider=AzureStorage", run.StandardError[0]);
        Assert.DoesNotContain(run.AllOutput, line => line.Contains("simulator at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Azure_storage_mode_without_a_rivya_key_stops_with_one_line_naming_it()
    {
        var run = await ServerRun.UntilExitAsync([.. AzureStorageWithoutRivya(), "--Rivya:BaseUrl=http://127.0.0.1:9/"], ExitTimeout);

        AssertOneLineFailure(run, "Rivya:ApiKey is not set.");
    }

    [Fact]
    public async Task Kubernetes_hosting_without_rivya_stops_with_one_line_naming_both_keys()
    {
        var run = await ServerRun.UntilExitAsync(
            [$"--urls=http://127.0.0.1:{FreePort.Next()}", $"--Orleans:SiloPort={FreePort.Next()}", "--Orleans:Kubernetes=true"], ExitTimeout);

        AssertOneLineFailure(run, "Rivya:BaseUrl and Rivya:ApiKey are not set. With Orleans:Kubernetes=true");
    }

    [Fact]
    public async Task Azure_storage_mode_with_both_a_connection_string_and_endpoints_stops_with_one_line_naming_them()
    {
        var run = await ServerRun.UntilExitAsync(
        [
            .. AzureStorageWithoutRivya(),
            "--Rivya:BaseUrl=http://127.0.0.1:9/",
            "--Rivya:ApiKey=rivya-key",
            "--Storage:BlobServiceUri=https://imagegridtest.blob.core.windows.net/",
            "--Storage:TableServiceUri=https://imagegridtest.table.core.windows.net/",
        ], ExitTimeout);

        AssertOneLineFailure(run, "Storage:ConnectionString and the service endpoints (Storage:BlobServiceUri, Storage:TableServiceUri) are both set");
    }

    [Fact]
    public async Task Azure_storage_mode_with_no_way_to_storage_stops_with_one_line_naming_both_ways()
    {
        var run = await ServerRun.UntilExitAsync(
        [
            $"--urls=http://127.0.0.1:{FreePort.Next()}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            "--Storage:Provider=AzureStorage",
            "--Rivya:BaseUrl=http://127.0.0.1:9/",
            "--Rivya:ApiKey=rivya-key",
        ], ExitTimeout);

        AssertOneLineFailure(run, "Storage:Provider=AzureStorage needs a way to reach storage: set Storage:BlobServiceUri and Storage:TableServiceUri");
        Assert.Contains("or Storage:ConnectionString", run.StandardError[0]);
    }

    [Fact]
    public async Task An_invalid_setting_stops_the_start_with_one_line_naming_it()
    {
        var run = await ServerRun.UntilExitAsync(
        [
            $"--urls=http://127.0.0.1:{FreePort.Next()}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            .. MemoryModeWithRivya,
            "--Watch:KeyRecheckInterval=01:00:00",
        ], ExitTimeout);

        AssertOneLineFailure(run, "invalid configuration: ");
        Assert.Contains("KeyRecheckInterval", run.StandardError[0]);
    }

    [Fact]
    public async Task An_unreadable_setting_stops_the_start_with_one_line_naming_it()
    {
        var run = await ServerRun.UntilExitAsync(
            [$"--urls=http://127.0.0.1:{FreePort.Next()}", $"--Orleans:SiloPort={FreePort.Next()}", "--Storage:Provider=Azure"], ExitTimeout);

        AssertOneLineFailure(run, "invalid configuration: ");
        Assert.Contains("'Storage:Provider'", run.StandardError[0]);
    }

    [Fact]
    public async Task A_busy_grpc_port_stops_the_start_with_one_line_naming_the_address_and_the_urls_setting()
    {
        using var busy = ListenOnLoopback();
        var address = $"http://127.0.0.1:{Port(busy)}";

        var run = await ServerRun.UntilExitAsync([$"--urls={address}", $"--Orleans:SiloPort={FreePort.Next()}", .. MemoryModeWithRivya], ExitTimeout);

        AssertOneLineFailure(run, $"{address} is already in use");
        Assert.Contains("--urls=", run.StandardError[0]);
    }

    [Fact]
    public async Task A_busy_management_port_stops_the_start_with_one_line_naming_the_address_and_its_setting()
    {
        using var busy = ListenOnLoopback();
        var address = $"http://127.0.0.1:{Port(busy)}";

        var run = await ServerRun.UntilExitAsync(
        [
            $"--urls=http://127.0.0.1:{FreePort.Next()}",
            $"--Management:Url={address}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            .. MemoryModeWithRivya,
        ], ExitTimeout);

        AssertOneLineFailure(run, $"{address} is already in use");
        Assert.Contains("--Management:Url=", run.StandardError[0]);
    }

    [Fact]
    public async Task A_busy_dashboard_port_stops_the_start_with_one_line_naming_the_address_and_its_settings()
    {
        using var busy = ListenOnLoopback();
        var address = $"http://127.0.0.1:{Port(busy)}";

        var run = await ServerRun.UntilExitAsync(
        [
            $"--urls=http://127.0.0.1:{FreePort.Next()}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            .. MemoryModeWithRivya,
            "--Web:Enabled=true",
            $"--Web:Url={address}",
        ], ExitTimeout);

        AssertOneLineFailure(run, $"{address} is already in use");
        Assert.Contains("--Web:Url=", run.StandardError[0]);
        Assert.Contains("--Web:Enabled=false", run.StandardError[0]);
    }

    [Fact]
    public async Task A_busy_silo_port_stops_the_start_with_one_line_naming_the_port_and_its_setting()
    {
        using var busy = ListenOnLoopback();

        var run = await ServerRun.UntilExitAsync(
            [$"--urls=http://127.0.0.1:{FreePort.Next()}", $"--Orleans:SiloPort={Port(busy)}", .. MemoryModeWithRivya], ExitTimeout);

        AssertOneLineFailure(run, $"the silo port {Port(busy)} is already in use");
        Assert.Contains("--Orleans:SiloPort=", run.StandardError[0]);
    }

    private static void AssertOneLineFailure(ServerRun run, string expected)
    {
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.StandardError);
        Assert.StartsWith(Failure, line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(run.StandardOutput, output => output.Contains(Failure, StringComparison.Ordinal));
        Assert.DoesNotContain(run.AllOutput, output => output.StartsWith("at ", StringComparison.Ordinal) || output.Contains("Exception", StringComparison.Ordinal));
    }

    private static TcpListener ListenOnLoopback()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;
}
