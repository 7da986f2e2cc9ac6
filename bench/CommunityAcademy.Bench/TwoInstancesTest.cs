using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Bench;

/// <summary>
/// Reliability (a), too long for CI: two application instances on one PostgreSQL; 200 clients send 20,000 sign-ins
/// (each trainee once to each of 100 sessions), split between the instances, 5 % of them sent again with the same
/// clientId to the other instance (a retry after a lost answer). Afterwards: exactly 20,000 records, none doubled,
/// no 5xx. Run: `--only two-instances --postgres CONN`.
/// </summary>
public static class TwoInstancesTest
{
    private const int Clients = 200, Sessions = 100;

    public static async Task<IReadOnlyList<Row>> RunAsync(string conn)
    {
        var (secret, sessions) = await SigninBench.PrepareAsync("postgres", conn, Clients, Sessions);
        (string, string)[] env = [("Attendance__CheckInsPerMinutePerAccount", "100000000"), ("Attendance__CheckInsPerMinutePerDevice", "100000000"),
            ("Attendance__CheckInsPerMinutePerAddress", "100000000")];
        // Two instances share the server's connections (100 by default): each gets a pool of 40, as a deployment would.
        var pooled = new Npgsql.NpgsqlConnectionStringBuilder(conn) { MaxPoolSize = 40 }.ToString();
        await using var a = await AppProcess.StartAsync("postgres", pooled, [], env);
        await using var b = await AppProcess.StartAsync("postgres", pooled, [], env);
        HttpClient client(string url) => new(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        using var ha = client(a.Url);
        using var hb = client(b.Url);
        var tokens = new string[Clients];
        for (var i = 0; i < Clients; i++)
        {
            var r = await (i % 2 == 0 ? ha : hb).PostAsJsonAsync("/api/v1/auth/token", new { username = $"s{i:000}", password = "Trainee123" });
            r.EnsureSuccessStatusCode();
            tokens[i] = (await r.Content.ReadFromJsonAsync<TokenBody>())!.Token;
        }

        var status = new ConcurrentDictionary<int, int>();
        var created = new ConcurrentBag<string>();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var n = 0; n < Sessions; n++)
            {
                var clientId = $"two-{c:000}-{n:000}";
                var body = new { kind = "in", clientId, at = DateTimeOffset.UtcNow, token = QrToken.Create(secret, sessions[n], DateTimeOffset.UtcNow, 15), deviceId = $"dev-{c}" };
                // Each request goes to one instance; a retry (one in twenty) goes to the other one.
                var first = (c + n) % 2 == 0 ? ha : hb;
                var targets = (c * Sessions + n) % 20 == 0 ? new[] { first, first == ha ? hb : ha } : [first];
                foreach (var h in targets)
                {
                    using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{sessions[n]}/checkins") { Content = JsonContent.Create(body) };
                    req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[c]);
                    using var r = await h.SendAsync(req);
                    status.AddOrUpdate((int)r.StatusCode, 1, (_, k) => k + 1);
                    if (r.StatusCode == HttpStatusCode.Created) created.Add(clientId);
                }
            }
        })));
        var seconds = sw.Elapsed.TotalSeconds;

        var db = new Db(new DatabaseOptions { Provider = "postgres", ConnectionString = conn });
        await using var c = await db.OpenAsync();
        var records = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM check_ins");
        var doubled = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM (SELECT 1 FROM check_ins GROUP BY session_id, enrollment_id, kind HAVING COUNT(*) > 1) d");
        var fivexx = status.Where(kv => kv.Key >= 500).Sum(kv => kv.Value);
        var expected = Clients * Sessions;
        var summary = string.Join(", ", status.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}"));
        const string label = "reliability a) two instances, one PostgreSQL";
        return
        [
            new(label, "postgres", "records (expected 20,000)", $"{records:N0}", "= 20,000", records == expected,
                $"two instances: {records} records of {expected}, doubled {doubled}, 5xx {fivexx}, answers {summary}, {seconds:F1} s"),
            new(label, "postgres", "doubled", $"{doubled}", "0", doubled == 0),
            new(label, "postgres", "5xx answers", $"{fivexx}", "0", fivexx == 0),
            new(label, "postgres", "answers", summary, "", null),
        ];
    }

    private sealed record TokenBody(string Token, DateTimeOffset ExpiresAt);
}
