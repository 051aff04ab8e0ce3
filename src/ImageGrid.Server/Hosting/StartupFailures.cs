using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using ImageGrid.Server.Web;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// The one line a failed start prints, saying what to do, for the failures an operator causes and fixes: a setting
/// missing or invalid, a port already in use. Anything else is a bug and keeps its stack trace.
/// </summary>
public static partial class StartupFailures
{
    public const string Prefix = "ImageGrid did not start: ";

    /// <summary>One line per problem, or none when the failure is not one of those.</summary>
    public static IReadOnlyList<string> Describe(Exception failure, IConfiguration configuration)
    {
        var lines = new List<string>();
        foreach (var problem in Flatten(failure))
        {
            IEnumerable<string>? described = problem switch
            {
                InvalidConfigurationException invalid => [invalid.Message],
                OptionsValidationException invalid => invalid.Failures.Select(reason => $"invalid configuration: {reason}"),
                IOException { InnerException: AddressInUseException } bind => [GrpcOrManagementPortInUse(bind, configuration)],
                AddressInUseException => [SiloPortInUse(configuration)],
                _ => null,
            };
            if (described is null)
            {
                return [];
            }

            lines.AddRange(described.Select(line => Prefix + line));
        }

        return lines;
    }

    private static IEnumerable<Exception> Flatten(Exception failure) => failure is AggregateException aggregate
        ? aggregate.Flatten().InnerExceptions
        : [failure];

    private static string GrpcOrManagementPortInUse(IOException bind, IConfiguration configuration)
    {
        var address = KestrelBindFailure().Match(bind.Message) is { Success: true } match ? match.Groups["address"].Value : "an address";
        var busyPort = Uri.TryCreate(address, UriKind.Absolute, out var busy) ? busy.Port : (int?)null;
        var inUse = $"{address} is already in use (another server running?). Stop it, or give this one";
        if (busyPort is not null && busyPort == ManagementEndpoint.PortOf(configuration))
        {
            return $"{inUse} another management address with --{ManagementEndpoint.UrlKey}=http://127.0.0.1:<port> (environment Management__Url).";
        }

        if (busyPort is not null && busyPort == WebEndpoint.PortOf(WebEndpoint.UrlOf(configuration, HostingMode.From(configuration))))
        {
            return $"{inUse} another dashboard address with --{WebEndpoint.UrlKey}=http://127.0.0.1:<port> (environment Web__Url), " +
                $"or turn the dashboard off with --{WebEndpoint.EnabledKey}=false.";
        }

        return $"{inUse} another gRPC address with --urls=http://127.0.0.1:<port> (environment ASPNETCORE_URLS).";
    }

    private static string SiloPortInUse(IConfiguration configuration)
    {
        var silo = configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        // The silo starts before Kestrel binds, so a second server with the defaults stops here: it needs both ports.
        return $"the silo port {silo.SiloPort} is already in use (another server running?). Stop it, or give this one ports of its own: " +
            $"--{SiloOptions.SectionName}:{nameof(SiloOptions.SiloPort)}=<port> (environment Orleans__SiloPort), and --urls=http://127.0.0.1:<port> for gRPC.";
    }

    /// <summary>Kestrel's message: "Failed to bind to address http://127.0.0.1:5080: address already in use."</summary>
    [GeneratedRegex(@"address (?<address>\S+?): address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex KestrelBindFailure();
}
