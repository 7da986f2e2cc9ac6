using CommunityAcademy.Web.Infrastructure.Search;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>
/// Loads jieba's dictionaries (<see cref="ChineseText"/>) in the background when the application starts, so the first
/// answers with free text after a start do not wait a second or more for them (#23 point 5: answers' p99).
/// </summary>
public sealed class SegmenterWarmup(ChineseText text, ILogger<SegmenterWarmup> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            _ = text.Terms("社区工作者培训的现场教学很有收获");
            log.LogDebug("Segmenter loaded in {Ms:F0} ms", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) { log.LogWarning(e, "Loading the segmenter ahead failed; it loads with the first text instead"); }
    }, stoppingToken);
}
