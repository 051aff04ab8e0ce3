using ImageGrid.Grains.Accounts;
using ImageGrid.Grains.Budget;
using ImageGrid.Grains.Diagnostics;
using ImageGrid.Grains.Idempotency;
using ImageGrid.Grains.Scheduling;
using ImageGrid.Grains.TaskIndex;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageGrid.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>The options and silo-wide services the grains take.</summary>
    public static IServiceCollection AddImageGridGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UpstreamAccountStatus>();
        services.TryAddSingleton(static provider => new TaskDurations(provider.GetRequiredService<IOptions<TaskPollingOptions>>().Value.LearnDurations));
        services.AddMetrics();
        services.TryAddSingleton<TaskMetrics>();
        services.TryAddSingleton<CreditMetrics>();
        services.TryAddSingleton<ReservationBatcher>();
        services.TryAddSingleton<ReservationCloseBatcher>();
        services.TryAddSingleton<IndexPublicationBatcher>();
        services.AddOptions<TaskPollingOptions>()
            .BindConfiguration(TaskPollingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AccountOptions>()
            .BindConfiguration(AccountOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RivyaBudgetLeases>();
        services.AddHostedService(static provider => provider.GetRequiredService<RivyaBudgetLeases>());
        services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
