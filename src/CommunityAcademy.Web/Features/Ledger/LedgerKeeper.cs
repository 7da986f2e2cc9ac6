namespace CommunityAcademy.Web.Features.Ledger;

/// <summary>
/// Keeps the ledger up to date: every pass (Ledger:KeepEverySeconds, 60 by default; at start-up first) rewrites the rows of
/// every class whose sources' stamps changed since its rows were written — a session settled or reopened, a task accepted,
/// a trainee added or replaced. A class's own page rewrites it before it reads, so it never waits for the next pass.
/// </summary>
public sealed class LedgerKeeper(LedgerStore store, IConfiguration config, ILogger<LedgerKeeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Ledger:KeepEverySeconds", 60))));
        do
        {
            try { await store.RefreshChangedAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Keeping the ledger failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class LedgerSetup
{
    /// <summary>The ledger's store, keeper and sources (in-person sessions, accepted practice tasks, online items completed).</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddSingleton<IHourSource, SessionHourSource>();
        services.AddSingleton<IHourSource, TaskHourSource>();
        services.AddSingleton<IHourSource, OnlineHourSource>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<PersonMerges>();
        services.AddSingleton<LedgerExports>();
        services.AddHostedService<LedgerKeeper>();
        return services;
    }
}
