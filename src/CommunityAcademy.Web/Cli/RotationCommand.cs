using System.Globalization;
using System.Text.Json;
using CommunityAcademy.Domain.Groups;

namespace CommunityAcademy.Web.Cli;

/// <summary>
/// `rotation --people N --tables T --rounds R [--seed S]`: a World Café rotation as JSON (issue 16 §2), so it can be
/// checked outside the application. People are numbered 1..N, hosts 1..T (host t keeps table t). Needs no database:
/// Program.cs runs it before the host is built.
/// </summary>
public static class RotationCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(CommandLine cmd, TextWriter @out, TextWriter err)
    {
        int? Int(string name) => cmd.Options.TryGetValue(name, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        var people = Int("people");
        var tables = Int("tables");
        var rounds = Int("rounds");
        var seed = cmd.Options.ContainsKey("seed") ? Int("seed") : 1;
        if (people is null || tables is null || rounds is null || seed is null)
        {
            await err.WriteLineAsync("用法 usage: rotation --people N --tables T --rounds R [--seed S]  (整数 whole numbers; N 含 T 位桌长 N counts the T hosts)");
            return 2;
        }
        if (tables < 1)
        {
            await err.WriteLineAsync("至少需要一张桌。 At least one table is needed.");
            return 2;
        }
        if (people < 2 * tables)
        {
            await err.WriteLineAsync($"人数 {people} 少于桌数的两倍 ({2 * tables})：每桌需要桌长和至少一位旅行者。 " +
                $"{people} people is fewer than twice the tables ({2 * tables}): every table needs its host and at least one traveller.");
            return 2;
        }
        var hosts = Enumerable.Range(1, tables.Value).Select(i => new CafePerson(i)).ToList();
        var travellers = Enumerable.Range(tables.Value + 1, people.Value - tables.Value).Select(i => new CafePerson(i)).ToList();
        var result = CafeRotations.Generate(new CafeRequest(hosts, travellers, rounds.Value, seed.Value));
        if (!result.IsOk)
        {
            await err.WriteLineAsync(result.Error!.Code == "Cafe.Rounds"
                ? $"轮数应为 1 到 {CafeRotations.MaxRounds}。 Rounds must be 1 to {CafeRotations.MaxRounds}."
                : $"无法生成 Cannot generate: {result.Error}");
            return 2;
        }
        var rot = result.Value!;
        // One line per round keeps the plan readable; the whole is one JSON document.
        var lines = new List<string>
        {
            "{",
            $"  \"people\": {people}, \"tables\": {tables}, \"rounds\": {rounds}, \"seed\": {seed}, \"constructed\": {(rot.Constructed ? "true" : "false")},",
            "  \"rotation\": [",
        };
        for (var r = 0; r < rot.Rounds.Length; r++)
            lines.Add("    " + JsonSerializer.Serialize(rot.Rounds[r]) + (r + 1 < rot.Rounds.Length ? "," : ""));
        lines.Add("  ],");
        lines.Add($"  \"figures\": {JsonSerializer.Serialize(rot.Figures, Json)},");
        lines.Add($"  \"bounds\": {JsonSerializer.Serialize(rot.Bounds, Json)}");
        lines.Add("}");
        foreach (var l in lines) await @out.WriteLineAsync(l);
        return 0;
    }
}
